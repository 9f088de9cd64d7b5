"""The facts of one decision, read from a notice's text: what a notice states, and
nothing more. A fact the notice does not state is None ("unknown"), never guessed: a
letter built on an invented date or policy would hurt the creator it is meant to help.

The wording read is Pinterest's own (see docs/CASES.md): labelled lines such as "Pin ID:",
"Saved to:", "Status:", "Method:", "Policy:" and "Enforcement ID:", which survive both
the e-mail and a saved page once turned into text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from creator_backup.cases.notice_text import NoticeText
from creator_backup.words import one_line

MAX_PINS = 500  # pin ids kept from one notice; a notice names one or a few
FIELD_CHARS = 300  # a board's name or a policy, as kept

REMOVED = "removed"
LIMITED = "limited distribution"
SUSPENDED = "account suspended"
DECISIONS = (REMOVED, LIMITED, SUSPENDED)
# The facts a notice is read for, in the order a case lists what it left out.
READ_FACTS = ("enforcement_id", "pin_ids", "board", "decision", "policy", "automated",
              "identified_by", "decided_at")  # fmt: skip

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_ENFORCEMENT = re.compile(rf"enforcement\s*id\s*[:#]?\s*({_UUID})", re.IGNORECASE)
_PIN_ID = re.compile(r"\bpin\s*id\s*[:#]?\s*(\d{1,20})\b", re.IGNORECASE)
_PIN_URL = re.compile(r"pinterest\.[a-z.]{2,12}/pin/(\d{1,20})", re.IGNORECASE)


def _label(*names: str) -> re.Pattern[str]:
    """A labelled line: "Saved to: Kitchen ideas" (the value to the line's end)."""
    alternatives = "|".join(names)
    return re.compile(rf"^[ \t]*(?:{alternatives})[ \t]*:[ \t]*(\S[^\n]*)$", re.IGNORECASE | re.M)


_BOARD = _label(r"saved\s+to", r"board")
_STATUS = _label(r"status", r"decision", r"action\s+taken", r"restriction")
_POLICY = _label(r"policy(?:\s+violated)?", r"guideline(?:\s+violated)?", r"reason")
_METHOD = _label(r"method", r"decision\s+method", r"how\s+(?:it\s+was|we)\s+decided")
_IDENTIFIED = _label(r"how\s+(?:we|it\s+was)\s+identified(?:\s+the\s+violation)?",
                     r"how\s+the\s+violation\s+was\s+identified", r"identified\s+by",
                     r"detection")  # fmt: skip
_DATE = _label(r"date\s+of\s+(?:the\s+)?decision", r"decision\s+date", r"decided\s+on")
# A bare "Date:" line is a pasted e-mail's header: when the notice was sent, not decided.
_SENT = _label(r"date", r"sent")

# Said in the notice's sentences rather than on a labelled line.
_SUSPENDED_WORDS = re.compile(r"suspended\s+your\s+account|account\s+(?:has\s+been\s+|was\s+)?"
                              r"suspended", re.IGNORECASE)  # fmt: skip
_LIMITED_WORDS = re.compile(r"limited\s+distribution|limited\s+the\s+distribution", re.I)
_REMOVED_WORDS = re.compile(r"\b(?:removed|deactivated|took\s+down)\b", re.IGNORECASE)
_REDRESS_WORDS = re.compile(r"\bappeal|dispute\s+settlement|complaint", re.IGNORECASE)
_AUTOMATED_YES = re.compile(r"automat|hybrid|machine|algorithm", re.IGNORECASE)
_AUTOMATED_NO = re.compile(r"manual|human\s+review|by\s+a\s+person|reviewer", re.IGNORECASE)
_GENERIC_POLICY = re.compile(r"^\s*(?:our\s+)?community\s+guidelines\s*\.?\s*$", re.IGNORECASE)

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y",
                 "%d/%m/%Y", "%d.%m.%Y")  # fmt: skip


@dataclass(frozen=True)
class Notice:
    """One decision as its notice states it; None is "the notice does not say"."""

    enforcement_id: str | None
    pin_ids: list[str]
    board: str | None
    decision: str | None  # one of DECISIONS
    policy: str | None
    automated: bool | None  # whether automated means were used (detection or deciding)
    method: str | None  # the notice's own word: "hybrid", "automated", "manual"
    identified_by: str | None  # how the violation was identified, in its words
    decided_at: str | None  # ISO date the notice gives for the decision
    sent_at: str | None  # ISO date the e-mail was sent (its Date header)
    redress_stated: bool  # the notice says how to appeal or complain
    kind: str  # eml, html, txt, pdf
    subject: str | None = None
    unknown: list[str] = field(default_factory=list)  # the facts it leaves out

    @property
    def generic_policy(self) -> bool:
        """Only "Community Guidelines", no policy named: challengeable under Art. 17(3)."""
        return self.policy is not None and bool(_GENERIC_POLICY.match(self.policy))


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    if match is None:
        return None
    value = one_line(match.group(1), FIELD_CHARS).strip()
    return value or None


def _pin_ids(text: str) -> list[str]:
    found: list[str] = []
    for match in (*_PIN_ID.finditer(text), *_PIN_URL.finditer(text)):
        pin = match.group(1)
        if pin not in found:
            found.append(pin)
        if len(found) >= MAX_PINS:
            break
    return found


def _decision(status: str | None, text: str) -> str | None:
    """The restriction, from the Status line when there is one, else from the notice's
    sentences; an account suspension outranks the removals that come with it."""
    for said in (status, text):
        if not said:
            continue
        if _SUSPENDED_WORDS.search(said) or (said is status and "suspend" in said.lower()):
            return SUSPENDED
        if _LIMITED_WORDS.search(said):
            return LIMITED
        if _REMOVED_WORDS.search(said):
            return REMOVED
    return None


def _automated(method: str | None, identified_by: str | None) -> bool | None:
    said = " ".join(filter(None, (method, identified_by)))
    if not said:
        return None
    if _AUTOMATED_YES.search(said):
        return True
    if _AUTOMATED_NO.search(said) and method is not None:
        return False
    return None


def _method_word(method: str | None) -> str | None:
    if method is None:
        return None
    lowered = method.lower()
    for word in ("hybrid", "automated", "manual"):
        if word in lowered:
            return word
    return method


def parse_date(text: str | None) -> date | None:
    """A date as a notice writes it ("14 November 2026", "Nov 14, 2026", "2026-11-14");
    None for anything else: never a guess between day and month beyond these forms."""
    if not text:
        return None
    cleaned = " ".join(text.replace(",", ", ").split()).replace(" ,", ",")[:60]
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    for candidate in (cleaned, cleaned.split(" at ")[0], cleaned[:10]):
        for form in _DATE_FORMATS:
            try:
                return datetime.strptime(candidate.strip().rstrip("."), form).date()
            except ValueError:
                continue
    return None


def _sent_date(header: str | None) -> str | None:
    """The day an e-mail's Date header (RFC 5322) or a plain date names; None if neither."""
    if not header:
        return None
    try:
        return parsedate_to_datetime(header).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        day = parse_date(header)
        return day.isoformat() if day else None


def read_notice(source: NoticeText) -> Notice:
    text = source.text
    method = _first(_METHOD, text)
    identified_by = _first(_IDENTIFIED, text)
    decided = parse_date(_first(_DATE, text))
    enforcement = _ENFORCEMENT.search(text)
    notice = Notice(
        enforcement_id=enforcement.group(1).lower() if enforcement else None,
        pin_ids=_pin_ids(text),
        board=_first(_BOARD, text),
        decision=_decision(_first(_STATUS, text), text),
        policy=_first(_POLICY, text),
        automated=_automated(method, identified_by),
        method=_method_word(method),
        identified_by=identified_by,
        decided_at=decided.isoformat() if decided else None,
        sent_at=_sent_date(source.sent_at or _first(_SENT, text)),
        redress_stated=bool(_REDRESS_WORDS.search(text)),
        kind=source.kind,
        subject=one_line(source.subject, FIELD_CHARS) if source.subject else None,
    )
    return replace(
        notice, unknown=[name for name in READ_FACTS if getattr(notice, name) in (None, [])]
    )
