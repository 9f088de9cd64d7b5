"""What the Appeals page says of a case: the decision, the status, the deadlines with the
days left, the facts the notice stated (and those it did not), the routes of redress and
the custody log's entries, each in the user's language.

Notice text (a board's name, a policy) is Pinterest's or a stranger's: it is put into
these sentences as it is and shown only as plain text."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from creator_backup.cases.deadlines import Deadline
from creator_backup.cases.notice import LIMITED, REMOVED, SUSPENDED
from creator_backup.cases.routes import DSA_COMPLAINT, FTC, GDPR, OUT_OF_COURT, PINTEREST
from creator_backup.cases.store import Case
from creator_backup.gui.translations import translate
from creator_backup.words import day_text, one_line, when_text

if TYPE_CHECKING:
    from creator_backup.application.cases import CaseView, Imported

# The order routes are offered in: Pinterest's own appeal first.
ROUTE_ORDER = (PINTEREST, DSA_COMPLAINT, OUT_OF_COURT, GDPR, FTC)


def decision_word(decision: str | None) -> str:
    if decision == REMOVED:
        return translate("CaseWords", "Removed")
    if decision == LIMITED:
        return translate("CaseWords", "Limited distribution")
    if decision == SUSPENDED:
        return translate("CaseWords", "Account suspended")
    return translate("CaseWords", "Decision not stated")


def status_word(status: str) -> str:
    if status == "open":
        return translate("CaseWords", "Open: not appealed yet")
    if status == "appealed":
        return translate("CaseWords", "Appealed: waiting for Pinterest")
    if status == "escalated":
        return translate("CaseWords", "Taken further (a settlement body or an authority)")
    if status == "reinstated":
        return translate("CaseWords", "Reinstated")
    if status == "upheld":
        return translate("CaseWords", "Upheld: Pinterest kept its decision")
    return translate("CaseWords", "Closed")


def case_subject(case: Case) -> str:
    """What the decision is about: "2 pins on “Wedding & party”", "the account"."""
    pins = len(case.pin_ids)
    board = one_line(case.board or "", 80)
    if pins and board:
        return translate("CaseWords", "%Ln pin(s) on “{board}”", None, pins).format(board=board)
    if pins:
        return translate("CaseWords", "%Ln pin(s)", None, pins)
    if board:
        return translate("CaseWords", "the board “{board}”").format(board=board)
    if case.decision == SUSPENDED:
        return translate("CaseWords", "your account")
    return ""


def case_title(case: Case) -> str:
    """ "Removed: 1 pin on “Kitchen ideas”" """
    subject = case_subject(case)
    if not subject:
        return decision_word(case.decision)
    return translate("CaseWords", "{decision}: {subject}").format(
        decision=decision_word(case.decision), subject=subject
    )


def days_left(due: date, today: date) -> str:
    days = (due - today).days
    if days < 0:
        return translate("CaseWords", "passed")
    if days == 0:
        return translate("CaseWords", "today")
    return translate("CaseWords", "in %Ln day(s)", None, days)


def deadline_what(deadline: Deadline) -> str:
    """ "Appeal by 14 May 2027" """
    day = day_text(deadline.due)
    if deadline.key == "appeal":
        return translate("CaseWords", "Appeal by {day}").format(day=day)
    if deadline.key == "gdpr_answer":
        return translate("CaseWords", "Pinterest's answer to your data request is due {day}").format(day=day)  # fmt: skip
    return translate(
        "CaseWords", "Pinterest's latest answer to your data request, if it extends, is due {day}"
    ).format(day=day)


def deadline_line(deadline: Deadline, today: date) -> str:
    """ "Appeal by 3 June 2027 — in 182 days" """
    return translate("CaseWords", "{deadline} — {left}").format(
        deadline=deadline_what(deadline), left=days_left(deadline.due, today)
    )


def next_line(view: CaseView, today: date) -> str:
    """The case's next deadline, or why there is none."""
    if view.next is not None:
        return deadline_line(view.next, today)
    if view.case.status == "open" and view.appeal_due is None:
        return translate(
            "CaseWords",
            "The notice gives no date: appeal within six months of the day it reached you",
        )
    if view.deadlines:
        return translate("CaseWords", "Every deadline has passed")
    return translate("CaseWords", "No deadline")


def urgency(view: CaseView) -> tuple[int, int, int]:
    """Sorting key, most urgent first: open cases by their next deadline, then open ones
    with no known date, then the rest; the newest first among equals."""
    if view.next is not None:
        return 0, view.next.due.toordinal(), -view.case.id
    if not view.case.closed:
        return 1, 0, -view.case.id
    return 2, 0, -view.case.id


def unknown_fact(name: str) -> str:
    """A fact the notice did not state, as what it does not say."""
    if name == "enforcement_id":
        return translate("CaseWords", "its Enforcement ID")
    if name == "pin_ids":
        return translate("CaseWords", "which pins")
    if name == "board":
        return translate("CaseWords", "which board")
    if name == "decision":
        return translate("CaseWords", "what was decided")
    if name == "policy":
        return translate("CaseWords", "which rule was broken")
    if name == "automated":
        return translate("CaseWords", "whether automated means were used")
    if name == "identified_by":
        return translate("CaseWords", "how the violation was found")
    if name == "decided_at":
        return translate("CaseWords", "when the decision was made")
    return translate("CaseWords", "one more fact")


def unknown_list(unknown: list[str]) -> str:
    """ "whether automated means were used, which board or when the decision was made" """
    said = [unknown_fact(name) for name in unknown]
    if len(said) == 1:
        return said[0]
    return translate("CaseWords", "{first} or {last}").format(
        first=", ".join(said[:-1]), last=said[-1]
    )


def unknown_sentence(unknown: list[str]) -> str:
    if not unknown:
        return translate("CaseWords", "The notice states every fact the letters need.")
    return translate("CaseWords", "The notice does not say {what}.").format(
        what=unknown_list(unknown)
    )


def imported_sentence(imported: Imported) -> str:
    """One sentence: what the notice was read into, and what it left out."""
    case = imported.view.case
    title = case_title(case)
    if not imported.opened and not imported.added:
        return translate(
            "CaseWords", "This notice was read before: case {number} ({title}) is unchanged."
        ).format(number=case.id, title=title)
    if not case.unknown:
        said = translate("CaseWords", "Read the notice into case {number}: {title}, and it "
                         "states every fact the letters need.")  # fmt: skip
        return said.format(number=case.id, title=title)
    said = translate(
        "CaseWords", "Read the notice into case {number}: {title}; the notice does not say "
        "{unknown}.",
    )  # fmt: skip
    return said.format(number=case.id, title=title, unknown=unknown_list(case.unknown))


def not_stated() -> str:
    return translate("CaseWords", "not stated in the notice")


def automated_text(case: Case) -> str:
    if case.automated is None:
        return not_stated()
    if case.automated:
        return translate("CaseWords", "yes")
    return translate("CaseWords", "no")


def fact_lines(case: Case) -> list[str]:
    """The facts as the notice states them, each unknown one said to be unknown."""
    unknown = not_stated()
    pins = len(case.pin_ids)
    rows = [
        (translate("CaseWords", "Decision"),
         decision_word(case.decision) if case.decision else unknown),
        (translate("CaseWords", "Date of the decision"), day_text(case.decided(), unknown)),
        (translate("CaseWords", "Enforcement ID (the case's reference)"),
         case.enforcement_id or unknown),
        (translate("CaseWords", "Board"), one_line(case.board or "", 200) or unknown),
        (translate("CaseWords", "Pins"),
         translate("CaseWords", "%Ln pin(s)", None, pins) if pins
         else unknown),
        (translate("CaseWords", "Rule named"), one_line(case.policy or "", 200) or unknown),
        (translate("CaseWords", "How the violation was found"),
         one_line(case.identified_by or "", 200) or unknown),
        (translate("CaseWords", "Automated means used"), automated_text(case)),
        (translate("CaseWords", "Notice sent on"), day_text(case.sent(), unknown)),
    ]  # fmt: skip
    return [translate("CaseWords", "{name}: {value}").format(name=n, value=v) for n, v in rows]


def route_title(route: str) -> str:
    if route == PINTEREST:
        return translate("CaseWords", "Appeal to Pinterest")
    if route == DSA_COMPLAINT:
        return translate("CaseWords", "Complaint under the EU's Digital Services Act")
    if route == OUT_OF_COURT:
        return translate("CaseWords", "Out-of-court settlement (EU)")
    if route == GDPR:
        return translate("CaseWords", "Ask Pinterest for your data (GDPR)")
    return translate("CaseWords", "Report to the US Federal Trade Commission")


def route_deadline(route: str, view: CaseView, today: date) -> str:
    """When the route's letter must go, in words."""
    if route in (PINTEREST, DSA_COMPLAINT):
        if view.case.status != "open":
            return translate("CaseWords", "Pinterest takes one appeal per decision.")
        due = view.appeal_due
        if due is None:
            return translate(
                "CaseWords",
                "Within six months of the decision; the notice gives no date, so count from "
                "the day it reached you. Send this one or the other, not both.",
            )
        return translate("CaseWords", "Send by {day} — {left}. Send this one or the other, "
                         "not both.").format(day=day_text(due), left=days_left(due, today))  # fmt: skip
    if route == OUT_OF_COURT:
        return translate(
            "CaseWords",
            "No deadline; the body decides within 90 days (180 for complex cases), and its "
            "decision is not binding.",
        )
    if route == GDPR:
        answered = [d for d in view.deadlines if d.key == "gdpr_answer"]
        if answered:
            return deadline_line(answered[0], today)
        return translate(
            "CaseWords",
            "No deadline for you; Pinterest must answer within a month of receiving it.",
        )
    return translate("CaseWords", "No deadline; for users in the United States.")


def custody_line(entry: dict[str, Any]) -> str:
    """One entry of the custody log: "3 Dec 2026, 08:44 · Letter written: …"."""
    event = str(entry.get("event", ""))
    when = when_text(str(entry.get("at", "")))
    file_name = str(entry.get("file", "")).rsplit("/", 1)[-1]
    if event == "opened":
        what = translate("CaseWords", "Case opened from a notice")
    elif event == "notice":
        what = translate("CaseWords", "Another notice read")
    elif event == "letter":
        what = translate("CaseWords", "Letter written: {route} ({file})").format(
            route=route_title(str(entry.get("route", ""))), file=file_name
        )
    elif event == "calendar":
        what = translate("CaseWords", "Calendar written ({file})").format(file=file_name)
    elif event in ("status", "packet sent"):
        what = translate("CaseWords", "Status changed to: {status}").format(
            status=status_word(str(entry.get("to", "")))
        )
    else:
        what = translate("CaseWords", "Recorded")
    return translate("CaseWords", "{when} · {what}").format(when=when, what=what)
