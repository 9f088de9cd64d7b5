"""The dates a case runs to, from the law and Pinterest's own rules (docs/CASES.md):

- Pinterest's appeal, which is also the DSA's internal complaint (Art. 20): one per
  decision, within six months of the decision (of the notice, when it gives no date of
  its own);
- a GDPR access and portability request (Art. 15, 20): answered within one month of being
  sent, or three when Pinterest says it extends; after that, the Irish Data Protection
  Commission;
- an out-of-court body (DSA Art. 21) decides within 90 days of a complete complaint (180
  for complex ones); the user has no deadline to bring one.

A date the notice does not give makes a deadline unknown, never guessed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

APPEAL_MONTHS = 6
GDPR_MONTHS = 1
GDPR_EXTENDED_MONTHS = 3  # one, plus two when the controller extends


@dataclass(frozen=True)
class Deadline:
    key: str  # appeal, gdpr_answer, gdpr_extended: stable, for the calendar's UIDs
    what: str  # what is due, as a sentence's subject: "Last day to appeal"
    due: date


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it has no such day
    (31 August + 6 months is 28 February): a deadline never slips past its month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def appeal_due(decided_at: date | None, sent_at: date | None) -> date | None:
    """Six months from the decision, else from the notice's sending; None when the notice
    gives neither (the user counts from when they received it)."""
    start = decided_at or sent_at
    return add_months(start, APPEAL_MONTHS) if start else None


def gdpr_due(sent_on: date) -> tuple[date, date]:
    """When a GDPR request sent on `sent_on` must be answered, and when at the latest if
    Pinterest extends (Art. 12(3))."""
    return add_months(sent_on, GDPR_MONTHS), add_months(sent_on, GDPR_EXTENDED_MONTHS)


def case_deadlines(
    status_open: bool, decided: date | None, sent: date | None, gdpr_sent_on: date | None
) -> list[Deadline]:
    """A case's deadlines, soonest first: the appeal's while the case is open and its
    start is known, a GDPR request's answer once one was sent."""
    found: list[Deadline] = []
    due = appeal_due(decided, sent)
    if status_open and due is not None:
        found.append(Deadline("appeal", "Last day to appeal to Pinterest (DSA Art. 20 "
                              "complaint)", due))  # fmt: skip
    if gdpr_sent_on is not None:
        answer, extended = gdpr_due(gdpr_sent_on)
        found.append(Deadline("gdpr_answer", "Pinterest's answer to the GDPR request is "
                              "due (else complain to the Irish DPC)", answer))  # fmt: skip
        found.append(Deadline("gdpr_extended", "Latest answer to the GDPR request if "
                              "Pinterest extended it (else complain to the Irish DPC)",
                              extended))  # fmt: skip
    return sorted(found, key=lambda d: d.due)


def next_deadline(deadlines: list[Deadline], today: date) -> Deadline | None:
    """The first deadline not yet past; None when all are past or there are none."""
    return next((d for d in deadlines if d.due >= today), None)
