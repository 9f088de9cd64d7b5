"""A case's deadlines as an iCalendar file (RFC 5545), for any calendar program: each an
all-day event on its day, with reminders a week and a day before, so a six-month appeal
window is not missed for want of a note."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from creator_backup.appinfo import DISPLAY_NAME, VERSION
from creator_backup.cases.deadlines import Deadline
from creator_backup.words import one_line

REMINDERS = (timedelta(days=7), timedelta(days=1))
UID_DOMAIN = "creator-backup.invalid"  # a UID's right side; no real host is named


def _alarm(before: timedelta, what: str) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", what)
    alarm.add("trigger", -before)
    return alarm


def deadlines_calendar(
    case_id: int, reference: str, deadlines: list[Deadline], now: datetime
) -> bytes:
    """The calendar of `deadlines`; `reference` (the Enforcement ID, or the case number)
    names the decision in each event. Notice text is only ever a property's value, which
    the library escapes: a title cannot add a line or an event of its own."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{DISPLAY_NAME}//{VERSION}//EN")
    calendar.add("version", "2.0")
    stamp = now.astimezone(UTC)
    for deadline in deadlines:
        summary = one_line(f"{deadline.what} (case {case_id}, {reference})", 300)
        event = icalendar.Event()
        event.add("uid", f"case-{case_id}-{deadline.key}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", summary)
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        for before in REMINDERS:
            event.add_component(_alarm(before, summary))
        calendar.add_component(event)
    return bytes(calendar.to_ical())
