"""The words every face uses for what a run did not check: each outcome has its words and
never claims every board was read when some were not; Pinterest's refusal is kept to one
plain line whatever it sent; dates are in words."""

from __future__ import annotations

import json

import pytest

from creator_backup.archive.outcomes import RunOutcome
from creator_backup.checked_words import (
    OUTCOME_WORDS,
    boards_not_checked,
    not_checked_sentence,
    outcome_text,
    pinterest_said,
    since_text,
    utc_text,
    why_not_checked,
)

REFUSAL = json.dumps({"status": 403, "code": 403, "message": "Not authorized to access the "
                      "board.", "request_id": "abc"})  # fmt: skip


def test_every_outcome_has_words() -> None:
    assert set(OUTCOME_WORDS) == set(RunOutcome)
    assert outcome_text(RunOutcome.COMPLETE) == "complete"
    assert outcome_text(RunOutcome.IMPORTED, 3) == "imported"  # an export lists no board


@pytest.mark.parametrize("outcome", list(RunOutcome))
def test_boards_not_checked_are_counted_and_never_every_board_read(outcome: RunOutcome) -> None:
    if outcome == RunOutcome.IMPORTED:
        return
    one, many = outcome_text(outcome, 1), outcome_text(outcome, 12)
    assert one.endswith(", 1 board not checked") and many.endswith(", 12 boards not checked")
    assert "every board" not in one + many


def test_pinterest_words_stay_on_one_plain_line() -> None:
    assert pinterest_said(REFUSAL) == "“Not authorized to access the board.” (HTTP 403)"
    hostile = json.dumps({"status": 404, "message": "gone\x1b[31m\n<b>now</b>" + "x" * 400})
    said = pinterest_said(hostile)
    assert said is not None and "\n" not in said and "\x1b" not in said
    assert said.startswith("“gone [31m <b>now</b>xx") and said.endswith("…” (HTTP 404)")
    assert pinterest_said(json.dumps({"status": 403})) == "HTTP 403"
    assert pinterest_said("not json at all") == "“not json at all”"
    for nothing in (None, "", "[]", json.dumps({"status": True}), json.dumps({"message": 7})):
        assert pinterest_said(nothing) is None


def test_why_and_since_in_words() -> None:
    assert why_not_checked("refused", REFUSAL) == (
        "Pinterest refused to list it: “Not authorized to access the board.” (HTTP 403)"
    )
    assert why_not_checked("refused", None) == "Pinterest refused to list it"
    assert why_not_checked("carried", "counters_unchanged") == (
        "a quick backup left it out, as its counts had not changed"
    )
    assert why_not_checked("not_reached", None) == "the backup stopped before it got there"
    assert since_text(None) == "never checked"
    assert utc_text("2026-11-24T14:35:50Z") == "24 Nov 2026, 14:35 UTC"
    assert since_text("2026-11-24T14:35:50Z", utc_text) == (
        "not checked since 24 Nov 2026, 14:35 UTC"
    )
    assert not_checked_sentence("carried", None, "2026-11-24T14:35:50Z", utc_text) == (
        "Not checked since 24 Nov 2026, 14:35 UTC: a quick backup left it out, as its counts "
        "had not changed."
    )
    assert boards_not_checked(1) == "1 board was not checked"
    assert boards_not_checked(1200) == "1,200 boards were not checked"
