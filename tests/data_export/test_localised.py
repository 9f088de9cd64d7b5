"""Issue 16, "never state what was not observed": an export whose page is in another
language than the English one the app reads. Refused, naming the labels it lacks, when
most are missing; imported field by field, naming what was absent, when some are; a
literal `None` is absent; files of the ZIP the app does not read are listed. Run through
the CLI as a user would, and the sentences (which the window shows too) checked."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from creator_backup.data_export.container import NAMES_KEPT
from creator_backup.data_export.importer import ImportResult
from creator_backup.data_export.labels import refusal, survey
from creator_backup.data_export.mapping import pin_from_export
from creator_backup.data_export.parse import parse_export
from creator_backup.data_export.service import AccountUnknown
from tests.cli.helpers import Result, run_cli
from tests.data_export.exports import GERMAN, SAMPLE, localised, pin, render, zipped

NOT_READABLE = "This export's page is not in a language the app can read yet"
CLI_WORDS = ("--", "creator-backup", "`")


def sample() -> str:
    if not SAMPLE.is_file():
        pytest.skip(f"the shared sample is not on this machine ({SAMPLE})")
    return SAMPLE.read_text("utf-8")


def archives(env: dict[str, str]) -> list[Path]:
    root = Path(env["CREATOR_BACKUP_HOME"]) / "data" / "archives"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []


def import_file(env: dict[str, str], path: Path, *extra: str) -> Result:
    return run_cli(env, "import-export", str(path), "--no-media", *extra)


def rows(archive: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(archive / "archive.sqlite")
    try:
        return list(conn.execute(sql, args))
    finally:
        conn.close()


def pin_raw(archive: Path, pin_id: str) -> dict[str, Any]:
    [(raw,)] = rows(
        archive, "SELECT raw FROM versions WHERE kind = 'pin' AND object_id = ?", pin_id
    )
    return dict(json.loads(raw))


def alive_of(archive: Path) -> dict[str, int | None]:
    return dict(rows(archive, "SELECT object_id, alive FROM export_entries WHERE kind = 'pin'"))


def refused(result: Result) -> str:
    """The one sentence of a refusal, checked for its form."""
    assert result.code == 2, (result.out, result.err)
    assert result.err.startswith("Error: ") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    return result.err[len("Error: ") : -1]


# -- a page in another language: refused, nothing written --------------------------------


def test_the_sample_in_german_is_refused_naming_the_labels_it_lacks(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    page = tmp_path / "export.html"
    page.write_text(localised(sample(), GERMAN), "utf-8")
    sentence = refused(import_file(cli_env, page))
    assert sentence == (
        f"{NOT_READABLE}: its pin has none of the labels Title, Board Name, Created at and "
        "Alive, only others such as Titel, Bild and Ist nativ (the app reads the English "
        "export), so nothing was imported."
    )
    assert archives(cli_env) == [], "nothing is written for a page the app cannot read"
    # --json changes nothing: the error is the same sentence, and no JSON claims a count.
    again = import_file(cli_env, page, "--json")
    assert refused(again) == sentence and again.out == ""


def test_a_german_export_of_many_pins_in_a_zip_is_refused(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    pins = [pin(str(500 + n), title=f"Pin {n}", board_id="77", alive="False") for n in range(3)]
    export = tmp_path / "pinterest-export.zip"
    export.write_bytes(zipped(localised(render(pins), GERMAN)))
    sentence = refused(import_file(cli_env, export))
    assert sentence.startswith(f"{NOT_READABLE}: its pins have none of the labels Title, ")
    assert "Board Name, Created at and Alive" in sentence and "nothing was imported" in sentence
    assert "Details" not in sentence  # the one label German shares with English was read
    assert archives(cli_env) == []


def test_a_page_whose_pins_are_under_another_heading_is_refused_by_its_heading(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    page = tmp_path / "export.html"
    french = {"Title": "Titre\u00a0", "Details": "Détails ", "Created at": "Créé le "}
    page.write_text(localised(sample(), french, heading="Épingles"), "utf-8")
    assert refused(import_file(cli_env, page)) == (
        f"{NOT_READABLE}: it links to 1 pin under Épingles but has no section headed Pins "
        "(the app reads the English export), so nothing was imported."
    )
    assert archives(cli_env) == []


def test_a_page_with_no_pins_and_no_pins_section_says_only_what_it_saw(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    page = tmp_path / "export.html"
    page.write_text("<h1>Kommentare</h1>Hallo<br>", "utf-8")
    sentence = refused(import_file(cli_env, page))
    assert sentence == (
        "export.html has no Pins section and no pins, so the app cannot import it (the app "
        "reads the English export)."
    )
    assert "not a Pinterest data export" not in sentence  # that was not observed


def test_pins_with_no_readable_line_are_refused_not_imported_as_nothing(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    link = '<a href="https://www.pinterest.com/pin/{0}/">https://www.pinterest.com/pin/{0}/</a>'
    blocks = [link.format(n) + "<br>" for n in (71, 72)]
    page = tmp_path / "export.html"
    page.write_text(render([], raw_blocks=blocks), "utf-8")
    assert refused(import_file(cli_env, page)) == (
        "No pin in export.html could be read (2 blocks skipped; pin 71: it has no "
        "`Label: value` lines), so nothing was imported."
    )
    assert archives(cli_env) == []


# -- partly localised: imported field by field, the absent labels named ------------------


def test_a_partly_localised_sample_imports_only_what_it_says(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    page = tmp_path / "export.html"
    part = {label: GERMAN[label] for label in ("Image", "Created at", "Alive")}
    page.write_text(localised(sample(), part), "utf-8")
    result = import_file(cli_env, page, "--json")
    assert result.code == 5, result.err  # finished, but not all of it could be read
    body = json.loads(result.out)
    assert body["labels_absent"] == {"Image": 1, "Created at": 1, "Alive": 1}
    assert body["labels_unknown"] == ["Bild", "Erstellt am", "Lebendig"]
    assert (body["pins"], body["boards"], body["alive_false"], body["alive_unknown"]) == (
        1,
        1,
        0,
        1,
    )
    archive = Path(body["archive"])
    assert alive_of(archive) == {"123456789": None}, "alive unknown, never True or False"
    raw = pin_raw(archive, "123456789")
    # "Details: some text," ended with its comma: the unknown label after it is a field of
    # its own, not more description.
    assert raw["description"] == "some text"
    assert "created_at" not in raw and "media" not in raw
    assert raw["data_export"]["Lebendig"] == "True" and raw["data_export"]["Bild"]
    assert raw["link"].startswith("https://some-cool-address")

    text = import_file(cli_env, page)
    assert text.code == 5 and "already imported" in text.out  # nothing added twice
    assert (
        "The export's pin has no Image, Created at or Alive label (its page may be partly "
        "in another language): those fields were left empty rather than guessed."
    ) in text.out
    assert (
        "Labels the app does not read were kept as the export wrote them: Bild, Erstellt am "
        "and Lebendig."
    ) in text.out
    assert (
        "The export does not say whether its pin is still alive: it is recorded as unknown, "
        "neither alive nor removed."
    ) in text.out
    listed = json.loads(run_cli(cli_env, "diff", "--json").out)
    assert listed["removed_by_export"]["pins"] == []  # unknown is not removed


def test_pins_that_lack_some_labels_keep_the_rest_and_say_how_many(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    pins = [
        pin("601", title="One", board_id="9", board_name="Recipes", alive="False"),
        pin("602", title="Two", board_id="9", board_name="Recipes", alive="False"),
        pin("603", title="Three", board_id="9", board_name="Recipes", alive="True"),
    ]
    page = render(pins)
    # The second pin's Alive is in another language; the third has no Title line at all.
    page = page.replace("<br>Alive: False\n", "<br>Lebendig: False\n", 2).replace(
        "<br>Lebendig: False\n", "<br>Alive: False\n", 1
    )
    page = page.replace("<br>Title: Three,\n", "")
    path = tmp_path / "export.html"
    path.write_text(page, "utf-8")
    result = import_file(cli_env, path, "--json")
    assert result.code == 5, result.err
    body = json.loads(result.out)
    assert body["labels_absent"] == {"Title": 1, "Alive": 1}
    assert (body["pins"], body["boards"], body["alive_false"], body["alive_unknown"]) == (
        3,
        1,
        1,
        1,
    )
    archive = Path(body["archive"])
    assert alive_of(archive) == {"601": 0, "602": None, "603": 1}
    assert pin_raw(archive, "603").get("title") is None
    assert pin_raw(archive, "602")["title"] == "Two"
    text = import_file(cli_env, path).out
    assert (
        "Some pins have no label for a field the app reads, so it was left empty rather "
        "than guessed: Title on 1 of the 3 and Alive on 1 of the 3."
    ) in text
    assert (
        "The export does not say whether 1 of its 3 pins is still alive: it is recorded as "
        "unknown, neither alive nor removed."
    ) in text
    assert "Removed, according to Pinterest's data export" in run_cli(cli_env, "diff").out
    listed = json.loads(run_cli(cli_env, "diff", "--json").out)
    assert listed["removed_by_export"]["pins"] == ["601"]


def test_boards_are_unknown_not_zero_when_no_pin_names_one(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    pins = [pin(str(700 + n), board_id="31", board_name="Trips") for n in range(2)]
    part = {"Board Id": "Pinnwand-ID", "Board Name": "Pinnwandname"}
    path = tmp_path / "export.html"
    path.write_text(localised(render(pins), part), "utf-8")
    body = json.loads(import_file(cli_env, path, "--json").out)
    assert body["boards"] is None and body["labels_absent"] == {"Board Id": 2, "Board Name": 2}
    text = import_file(cli_env, path).out
    assert "2 pins (their boards are unknown); 0 were already in your backups" in text
    assert "0 boards" not in text
    assert "The export's pins have no Board Id or Board Name label" in text


# -- `None` is absent ---------------------------------------------------------------------


def test_a_literal_none_is_absent_like_no_data(cli_env: dict[str, str], tmp_path: Path) -> None:
    page = (
        sample()
        .replace("<br>Title: No data,", "<br>Title: None,")
        .replace("<br>Board Name: No data,", "<br>Board Name: None,")
        .replace("<br>Alive: True", "<br>Alive: None")
    )
    path = tmp_path / "export.html"
    path.write_text(page, "utf-8")
    result = import_file(cli_env, path, "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert (body["alive_unknown"], body["labels_absent"]) == (1, {})
    archive = Path(body["archive"])
    raw = pin_raw(archive, "123456789")
    assert "title" not in raw and raw["data_export"]["Title"] == ""
    assert raw["data_export"]["Alive"] == ""
    assert alive_of(archive) == {"123456789": None}
    [(board,)] = rows(archive, "SELECT raw FROM versions WHERE kind = 'board'")
    assert "name" not in json.loads(board)


def test_a_username_of_none_names_no_account(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "export.html"
    path.write_text(sample().replace("<br>Username: me,", "<br>Username: None,"), "utf-8")
    assert refused(import_file(cli_env, path)) == (
        "The export does not say which account it belongs to; name it with --account."
    )
    assert archives(cli_env) == []  # never an archive for a user called "None"
    named = run_cli(cli_env, "--account", "me", "import-export", str(path), "--no-media")
    assert named.code == 0, named.err


# -- files of the ZIP the app does not read ----------------------------------------------


def test_files_of_the_zip_the_app_does_not_read_are_listed(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    export = tmp_path / "export.zip"
    others = {"pinterest/comments.json": b"{}", "pinterest/images/1.jpg": b"\xff\xd8"}
    export.write_bytes(zipped(render([pin("801", title="Kept")]), others=others))
    result = import_file(cli_env, export, "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["files_not_read"] == sorted(others) and body["files_not_read_count"] == 2
    text = import_file(cli_env, export)
    assert (
        "The ZIP also holds 2 files the app does not read, so they were not imported: "
        "pinterest/comments.json and pinterest/images/1.jpg."
    ) in text.out
    one = tmp_path / "one.zip"
    one.write_bytes(zipped(render([pin("802")]), others={"notes.txt": b"x"}))
    assert (
        "The ZIP also holds 1 file the app does not read, so it was not imported: notes.txt."
    ) in import_file(cli_env, one).out


def test_a_zip_of_many_unread_files_is_listed_within_bounds(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    export = tmp_path / "export.zip"
    others = {f"images/{n:05}.jpg": b"" for n in range(1_500)}
    export.write_bytes(zipped(render([pin("901")]), others=others))
    body = json.loads(import_file(cli_env, export, "--json").out)
    assert body["files_not_read_count"] == 1_500
    assert body["files_not_read"] == sorted(others)[:NAMES_KEPT]  # a bounded summary
    text = import_file(cli_env, export).out
    assert "The ZIP also holds 1,500 files the app does not read" in text
    assert "images/00004.jpg and 1,495 more." in text


# -- the parts, one by one ----------------------------------------------------------------


def test_labels_in_any_script_start_a_field_of_their_own() -> None:
    page = render([pin("5", details="x")])
    page = page.replace("<br>Image: No data,", "<br>Créé le\u00a0: 2017,\n<br>タイトル：値,")
    record = parse_export(page).pins[0]
    assert record.get("Details") == "x"
    assert record.get("Créé le") == "2017" and record.get("タイトル") == "値"


def test_a_free_text_line_without_its_comma_still_runs_on() -> None:
    page = render([pin("5", details="x")]).replace(
        "<br>Details: x,", "<br>Details: first line<br>Bemerkung: still the description,"
    )
    record = parse_export(page).pins[0]
    assert record.get("Details") == "first line\nBemerkung: still the description"
    assert record.get("Bemerkung") is None


def test_none_and_no_data_read_as_empty() -> None:
    page = render([pin("5", title="placeholder")]).replace("placeholder", "None")
    record = parse_export(page).pins[0]
    assert record.get("Title") == "" and record.get("Alt Text") == ""
    none_title = render([pin("6", title="None of the above")])
    assert parse_export(none_title).pins[0].get("Title") == "None of the above"


def test_the_survey_and_the_refusal_threshold() -> None:
    english = parse_export(render([pin("1"), pin("2")]))
    found = survey(english.pins)
    assert (found.pins, found.absent, found.unknown) == (2, {}, [])
    assert refusal(english, "x.html") is None
    # Two essential labels away: imported field by field. A third: refused.
    two = parse_export(localised(render([pin("1")]), {"Created at": "A", "Alive": "B"}))
    assert survey(two.pins).essential_absent() == ["Created at", "Alive"]
    assert refusal(two, "x.html") is None
    three = parse_export(
        localised(render([pin("1")]), {"Title": "T", "Created at": "A", "Alive": "B"})
    )
    reason = refusal(three, "x.html")
    assert reason is not None and "none of the labels Title, Created at and Alive" in reason


def test_what_the_window_shows_carries_no_command_line_words() -> None:
    result = ImportResult(1, "2024-01-01T00:00:00Z", "the file's modification time", "me")
    result.pins, result.alive_unknown = 3, 3
    result.labels_absent = {"Board Id": 3, "Alive": 3, "Title": 1}
    result.labels_unknown = ["Lebendig"]
    result.files_not_read, result.files_not_read_count = ["a.json"], 1
    notes = result.notes()
    assert notes == [
        "The export's pins have no Board Id or Alive label (its page may be partly in "
        "another language): those fields were left empty rather than guessed.",
        "Some pins have no label for a field the app reads, so it was left empty rather "
        "than guessed: Title on 1 of the 3.",
        "A label the app does not read was kept as the export wrote it: Lebendig.",
        "The export does not say whether its 3 pins are still alive: they are recorded as "
        "unknown, neither alive nor removed.",
        "The ZIP also holds 1 file the app does not read, so it was not imported: a.json.",
    ]
    assert not result.complete and not result.boards_known
    window_errors = [AccountUnknown().message]
    for sentence in notes + window_errors:
        assert not any(word in sentence for word in CLI_WORDS), sentence
    assert ImportResult(1, "", "", "me").notes() == []


def test_text_from_the_export_is_quoted_on_one_line_without_control_characters() -> None:
    link = '<a href="https://www.pinterest.com/pin/{0}/">https://www.pinterest.com/pin/{0}/</a>'
    page = (
        "<h1>\x1b[2J\x9bÉpingles</h1>" + link.format(1) + "<br>"
        "<h1>Tableaux</h1>" + link.format(2) + "<br>" + link.format(3) + "<br>"
    )
    reason = refusal(parse_export(page), "x.html")
    assert reason is not None
    assert "it links to 3 pins under [2J Épingles and Tableaux but" in reason
    assert all(c.isprintable() for c in reason)
    long = "x" * 500
    note = ImportResult(1, "", "", "me", files_not_read=[long], files_not_read_count=1).notes()
    assert note == [
        "The ZIP also holds 1 file the app does not read, so it was not imported: "
        + "x" * 79
        + "…."
    ]


def test_a_pin_with_no_is_video_label_does_not_say_what_kind_its_media_is() -> None:
    english = parse_export(render([pin("5", image="a1b2c3d4e5f6")])).pins[0]
    assert pin_from_export(english, "https://cdn").raw["media"]["media_type"] == "image"
    page = localised(render([pin("5", image="a1b2c3d4e5f6")]), {"Is Video": "Ist Video"})
    media = pin_from_export(parse_export(page).pins[0], "https://cdn").raw["media"]
    assert media == {"images": {"736x": {"url": "https://cdn/736x/a1/b2/c3/a1b2c3d4e5f6.jpg"}}}
