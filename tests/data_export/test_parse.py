"""The tolerant parser: the real sample, a large generated export with awkward values, and
arbitrary text that must never make it raise."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creator_backup.data_export.parse import parse_export
from tests.data_export.exports import SAMPLE, ExportPin, pin, render

AWKWARD = (
    "Tom & Jerry <b>bold</b> &amp; literal",
    "a, b, and c,",
    "Time: 10:30, place: here",
    "line one\nline two\n\nline four",
    "\"quoted\" 'single' é ü 漢字 🎉",
    "ends with a colon:",
    "https://www.pinterest.com/pin/999/ named in text",
    "<script>alert(1)</script>",
    "No data but more",
)


def test_the_real_sample_reads_as_its_format_says() -> None:
    if not SAMPLE.is_file():
        pytest.skip(f"the shared sample is not on this machine ({SAMPLE})")
    parsed = parse_export(SAMPLE.read_text("utf-8"))
    assert [p.pin_id for p in parsed.pins] == ["123456789"]
    record = parsed.pins[0]
    assert record.get("Title") == ""  # "No data"
    assert record.get("Details") == "some text"
    assert record.get("Image") == "abcdefghijklmnopqrstuvwxyz"
    assert record.get("Board Id") == "9876543210"
    assert record.get("Ip Address") == "555.555.555.555"
    assert record.get("Created at") == "2017/02/13 15:35:01"
    assert record.get("Alive") == "True"
    assert record.get("Private") == "False"
    link = "https://some-cool-address-that-leads-to-the-source-of-my-pin"
    assert record.get("Canonical Link") == link
    assert record.link_of("Canonical Link") == link
    assert list(record.verbatim())[:3] == ["Title", "Details", "Image"]
    assert len(record.verbatim()) == 17
    assert parsed.username() == "me"
    assert [s.title for s in parsed.sections] == ["Something else"]
    assert parsed.skipped == []


def generated(count: int, seed: int) -> list[ExportPin]:
    rng = random.Random(seed)
    pins = []
    for n in range(count):
        extra = [("Dominant Color", f"#{n:06x}")] if n % 7 == 0 else []
        pins.append(
            pin(
                str(10_000_000 + n),
                title=rng.choice(AWKWARD) if n % 3 else "",
                details=" / ".join(rng.sample(AWKWARD, 2)),
                image=f"{n:032x}",
                board_id=str(500 + n % 9),
                board_name=f"Board {n % 9}: recipes, & more",
                link=f"https://example.com/a?b={n}&c=d" if n % 2 else "",
                alive="False" if n % 11 == 0 else "True",
                extra=extra,
            )
        )
    return pins


def test_a_large_generated_export_round_trips_every_value_in_order() -> None:
    pins = generated(400, seed=3)
    broken = [
        '<a href="https://www.pinterest.com/pin/not-a-number/">x</a>\n<br>Title: lost,\n'
        "<br>Ip Address: 192.0.2.55,\n<br>",
        '<a href="https://www.pinterest.com/pin/77/">https://www.pinterest.com/pin/77/</a>\n<br>',
        '<a href="https://www.pinterest.com/pin/10000001/">again</a>\n'
        "<br>Title: a second copy,\n<br>",
    ]
    page = render(
        pins,
        sections=[("Boards", "Board: one, two\nthree & four"), ("Comments", "")],
        raw_blocks=broken,
    )
    parsed = parse_export(page, "index.html")
    assert [p.pin_id for p in parsed.pins] == [p.pin_id for p in pins]
    for want, got in zip(pins, parsed.pins, strict=True):
        assert list(got.verbatim().items()) == want.fields, want.pin_id
        assert got.document == "index.html"
    reasons = sorted(s.reason for s in parsed.skipped)
    assert reasons == [
        "it has no `Label: value` lines",
        "its address has no pin number",
        "listed twice",
    ]
    bad = next(s for s in parsed.skipped if s.reason == "its address has no pin number")
    assert "Title: lost" in bad.excerpt and "192.0.2.55" not in bad.excerpt
    assert "Ip Address: [redacted: personal data]" in bad.excerpt
    # The first copy of a pin listed twice stands.
    assert parsed.pins[1].get("Title") == pins[1].value("Title")
    assert [(s.title, s.text) for s in parsed.sections] == [
        ("Boards", "Board: one, two\nthree & four"),
        ("Comments", ""),
    ]
    assert parsed.username() == "creator"


def test_a_line_of_free_text_that_looks_like_a_label_stays_in_its_value() -> None:
    page = render([pin("5", details="x")]).replace(
        "<br>Details: x,", "<br>Details: first line<br>Note: still the description,"
    )
    record = parse_export(page).pins[0]
    assert record.get("Details") == "first line\nNote: still the description"
    assert record.get("Note") is None
    assert record.get("Image") == ""


FRAGMENTS = st.sampled_from(
    [
        "<h1>", "<h1 id=x>", "Pins", "</h1>", "<br>", "<br/>", "<a href=\"https://www.pinterest.com/pin/",
        "123", "/\">", "</a>", "<a>", "Title: ", "Alive: False", ": ", ",", "&amp;", "&#", "&#x1F;",
        "No data", "<div>", "</div>", "<script>", "</script>", "<!--", "-->", "<", ">", "\"", "\n",
        "<![CDATA[", "<?xml", "<p", "Board Id: 9,", "Image: abcdef,", "Username: me,",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_parses_without_raising(text: str) -> None:
    parsed = parse_export(text)
    for record in parsed.pins:
        assert record.pin_id.isdigit()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=200))
def test_any_html_ish_text_parses_without_raising(parts: list[str]) -> None:
    parsed = parse_export("".join(parts))
    for record in parsed.pins:
        assert record.pin_id.isdigit() and record.fields
        assert all(f.value != "No data" for f in record.fields)
    for skipped in parsed.skipped:
        assert skipped.reason and len(skipped.excerpt) <= 120
