"""The routes of redress open to a creator after one of Pinterest's decisions, each as a
letter filled from the case and the archive, with its deadline (docs/CASES.md):

- pinterest: Pinterest's own appeal, one per decision, within six months;
- dsa-complaint: the same appeal worded as a complaint under the DSA's Art. 20, with the
  Art. 17(3) elements the notice left out;
- out-of-court: a certified dispute settlement body (DSA Art. 21);
- gdpr: access and portability (GDPR Art. 15, 20) from Pinterest's data protection
  officer, with the Irish DPC as the next step;
- ftc: for US users, a complaint to the Federal Trade Commission.

What a letter says is the case's facts or the law's words, never a guess: a fact the
notice did not state is written as not stated, for the recipient to supply.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from creator_backup.cases.deadlines import appeal_due, gdpr_due
from creator_backup.cases.matching import MatchedPin
from creator_backup.cases.notice import LIMITED, REMOVED, SUSPENDED
from creator_backup.cases.store import Case
from creator_backup.errors import UsageError
from creator_backup.words import day_text

PINTEREST = "pinterest"
DSA_COMPLAINT = "dsa-complaint"
OUT_OF_COURT = "out-of-court"
GDPR = "gdpr"
FTC = "ftc"
ROUTES = (PINTEREST, DSA_COMPLAINT, OUT_OF_COURT, GDPR, FTC)
NOT_STATED = "not stated in the notice"
STATEMENT_PLACEHOLDER = "[Say here, in your own words, why the decision is wrong.]"


@dataclass(frozen=True)
class Sender:
    name: str = ""
    email: str = ""
    username: str = ""  # the Pinterest account's

    def signature(self) -> list[str]:
        lines = [self.name or "[your name]"]
        if self.username:
            lines.append(f"Pinterest account: {self.username}")
        lines.append(self.email or "[your e-mail address]")
        return lines


@dataclass(frozen=True)
class Letter:
    """One letter's content, laid out by letters.py as text, HTML or PDF. Every string
    may hold Pinterest text or notice text: untrusted, rendered as text only."""

    route: str
    title: str
    to: list[str]
    how_to_send: str
    send_by: date | None  # the deadline to send it by; None: no deadline
    send_by_why: str  # what the deadline is, or why there is none
    written_on: date
    paragraphs: list[str]
    facts: list[tuple[str, str]]
    pins: list[MatchedPin]
    signature: list[str]
    notes: list[str] = field(default_factory=list)  # for the sender, not the recipient
    missing: list[str] = field(default_factory=list)  # Art. 17(3) elements left out
    # What the deadline is for: the sender's to send by, or the recipient's to answer by.
    due_words: str = "Send by"


def _decision_words(case: Case) -> str:
    return {
        REMOVED: "to remove my content",
        LIMITED: "to limit the distribution of my content",
        SUSPENDED: "to suspend my account",
    }.get(case.decision or "", "concerning my content (the notice does not state which)")


def _reference(case: Case) -> str:
    ref = f"Enforcement ID {case.enforcement_id}" if case.enforcement_id else (
        "no Enforcement ID stated in the notice")  # fmt: skip
    decided = case.decided()
    when = f"decided on {day_text(decided)}" if decided else "decision date not stated"
    return f"{ref}; {when}"


def facts_of(case: Case) -> list[tuple[str, str]]:
    """The decision as the notice states it, each unknown fact said to be unknown."""

    def said(value: object) -> str:
        if value is None or value == []:
            return NOT_STATED
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    automated = said(case.automated)
    if case.method:
        automated += f" (method: {case.method})"
    return [
        ("Enforcement ID", said(case.enforcement_id)),
        ("Decision", said(case.decision)),
        ("Date of the decision", day_text(case.decided(), NOT_STATED)),
        ("Pin IDs", ", ".join(case.pin_ids) or NOT_STATED),
        ("Board (\u201cSaved to\u201d)", said(case.board)),
        ("Policy named", said(case.policy)),
        ("How the violation was identified", said(case.identified_by)),
        ("Automated means used", automated),
    ]


def missing_statement_elements(case: Case) -> list[str]:
    """What DSA Art. 17(3) requires of a statement of reasons that the notice left out."""
    missing: list[str] = []
    if case.decision is None:
        missing.append("the restriction imposed (Art. 17(3)(a))")
    if case.identified_by is None:
        missing.append("the facts and circumstances relied on (Art. 17(3)(b))")
    if case.automated is None:
        missing.append("whether automated means were used in detecting or deciding "
                       "(Art. 17(3)(c))")  # fmt: skip
    if case.policy is None:
        missing.append("the contractual (terms of service) or legal ground relied on "
                       "(Art. 17(3)(d)-(e))")  # fmt: skip
    elif case.generic_policy:
        missing.append("a specific ground: the notice names only the Community Guidelines "
                       "as a whole, not the rule said to be broken (Art. 17(3)(e))")  # fmt: skip
    if not case.redress_stated:
        missing.append("the redress available, such as the internal complaint, out-of-court "
                       "dispute settlement and the courts (Art. 17(3)(f))")  # fmt: skip
    return missing


def _pictures_sentence(pins: list[MatchedPin]) -> str | None:
    pictures = [pin for pin in pins if pin.picture]
    if not pictures:
        return None
    return ("Your notice does not include the images. My own archive, made before the "
            "decision, holds them; I attach them (listed below with each Pin).")  # fmt: skip


def _appeal_deadline(case: Case) -> tuple[date | None, str]:
    due = appeal_due(case.decided(), case.sent())
    if due is None:
        return None, ("six months from the decision; the notice gives no date, so count "
                      "from the day it reached you")  # fmt: skip
    return due, "six months from the decision"


def pinterest_appeal(case: Case, pins: list[MatchedPin], sender: Sender, today: date) -> Letter:
    due, why = _appeal_deadline(case)
    suspended = case.decision == SUSPENDED
    how = ("through the link in the suspension e-mail, or at help.pinterest.com/contact"
           if suspended else "through the Reports and Violations Center in your Pinterest "
           "settings, attaching the pictures")  # fmt: skip
    paragraphs = [
        f"I appeal your decision {_decision_words(case)} ({_reference(case)}).",
        STATEMENT_PLACEHOLDER,
        "I ask you to review the decision, to restore what it took down, and to tell me "
        "the outcome and its reasons.",
    ]
    if pictures := _pictures_sentence(pins):
        paragraphs.insert(1, pictures)
    return Letter(
        PINTEREST, "Appeal of a decision", ["Pinterest"], how, due, why, today, paragraphs,
        facts_of(case), pins, sender.signature(),
        notes=["Pinterest takes one appeal per decision: make it complete before sending.",
               "The EU complaint (route dsa-complaint) is this same appeal worded under the "
               "Digital Services Act; send one or the other, not both."],
    )  # fmt: skip


def dsa_complaint(case: Case, pins: list[MatchedPin], sender: Sender, today: date) -> Letter:
    due, why = _appeal_deadline(case)
    missing = missing_statement_elements(case)
    paragraphs = [
        "Under Article 20 of the Digital Services Act (Regulation (EU) 2022/2065) I lodge "
        f"a complaint against your decision {_decision_words(case)} ({_reference(case)}).",
        STATEMENT_PLACEHOLDER,
        "I ask that the complaint be decided under the supervision of qualified staff and "
        "not solely by automated means (Art. 20(6)), that the decision be reversed without "
        "undue delay if the content is not illegal nor against your terms (Art. 20(4)), and "
        "that I be told the reasoned decision and the further redress open to me, including "
        "out-of-court dispute settlement (Art. 20(5)).",
    ]
    if missing:
        paragraphs.insert(2, "Your statement of reasons does not meet Article 17(3) DSA: it "
                          "does not state " + "; ".join(missing) + ".")  # fmt: skip
    if pictures := _pictures_sentence(pins):
        paragraphs.insert(1, pictures)
    return Letter(
        DSA_COMPLAINT, "Complaint under Article 20 of the Digital Services Act",
        ["Pinterest Europe", "Internal complaint-handling system"],
        "through Pinterest's appeal form (the Reports and Violations Center), which is its "
        "internal complaint-handling system", due,
        why + " (the complaint must be open for at least six months, Art. 20(1))", today,
        paragraphs, facts_of(case), pins, sender.signature(),
        notes=["Pinterest takes one appeal per decision: this complaint is that appeal, so "
               "do not send the plain appeal (route pinterest) as well."],
        missing=missing,
    )  # fmt: skip


def out_of_court(case: Case, pins: list[MatchedPin], sender: Sender, today: date) -> Letter:
    paragraphs = [
        "Under Article 21 of the Digital Services Act I ask you to settle my dispute with "
        f"Pinterest about its decision {_decision_words(case)} ({_reference(case)}).",
        STATEMENT_PLACEHOLDER,
        "I ask for a decision that the content be restored, or the restriction lifted.",
    ]
    if missing := missing_statement_elements(case):
        paragraphs.insert(2, "Pinterest's statement of reasons does not state "
                          + "; ".join(missing) + " (Art. 17(3) DSA).")  # fmt: skip
    return Letter(
        OUT_OF_COURT, "Request for out-of-court dispute settlement (Art. 21 DSA)",
        ["ADR Center (Italy)", "a certified out-of-court dispute settlement body"],
        "through the body's own complaint form, with the notice and the pictures attached",
        None, "no deadline in the DSA; the body decides within 90 days of a complete "
        "complaint (up to 180 for complex ones), and its decision is not binding", today,
        paragraphs, facts_of(case), pins, sender.signature(),
        notes=["ADR Center (Italy) lists Pinterest and has been free for users since "
               "1 September 2025 (as of late 2026): check its current list before sending.",
               "Unconfirmed: Appeals Centre Europe lists Facebook, TikTok and YouTube and "
               "says more will follow; Pinterest was not confirmed. User Rights (Berlin) "
               "takes Instagram, TikTok and LinkedIn, not Pinterest.",
               "You may choose any certified body; you need not wait for Pinterest's answer "
               "to your appeal."],
        missing=missing,
    )  # fmt: skip


def gdpr_request(case: Case, pins: list[MatchedPin], sender: Sender, today: date) -> Letter:
    answer, extended = gdpr_due(today)
    paragraphs = [
        "Under Article 15 of the General Data Protection Regulation I ask for a copy of all "
        "the personal data you hold about me, with the purposes, the recipients, the "
        "storage period, the source, and the existence of automated decision-making with "
        "meaningful information about its logic (Art. 15(1)). This includes the content of "
        "my account, the content your decision concerns, and your records of that decision "
        f"({_reference(case)}).",
        "Under Article 20 I ask for the data I provided to you in a structured, commonly "
        "used and machine-readable format.",
        "Please answer within one month of receiving this request (Art. 12(3)). If I have "
        f"no answer by {day_text(answer)}, or by {day_text(extended)} if you extend the "
        "period and tell me why within the first month, I will complain to the Data "
        "Protection Commission (Ireland).",
    ]
    if case.decision == SUSPENDED:
        paragraphs.insert(2, "My account is suspended, so I cannot use the self-serve data "
                          "export: please send the data to the address below.")  # fmt: skip
    return Letter(
        GDPR, "Request for access (Art. 15 GDPR) and data portability (Art. 20 GDPR)",
        ["Pinterest Europe Ltd.", "Data Protection Officer"],
        "through the data protection officer's contact form on help.pinterest.com",
        answer, "one month after Pinterest receives the request (three if it extends); after "
        "that, complain to the Irish Data Protection Commission", today,
        paragraphs, facts_of(case), pins, sender.signature(),
        due_words="Pinterest's answer is due by",
        notes=["The dates assume you send the request today: the month runs from when "
               "Pinterest receives it.",
               "The Irish DPC has intervened before when a suspended user's access request "
               "to Pinterest was misrouted: keep proof of sending."],
    )  # fmt: skip


def ftc_complaint(case: Case, pins: list[MatchedPin], sender: Sender, today: date) -> Letter:
    paragraphs = [
        f"I report Pinterest's decision {_decision_words(case)} ({_reference(case)}), "
        "which I believe was unfair to me as a consumer.",
        STATEMENT_PLACEHOLDER,
    ]
    return Letter(
        FTC, "Complaint to the US Federal Trade Commission",
        ["Federal Trade Commission"], "at reportfraud.ftc.gov (paste the text into the form)",
        None, "no deadline; the FTC does not resolve individual disputes", today,
        paragraphs, facts_of(case), pins, sender.signature(),
        notes=["For users in the United States.",
               "Pinterest's terms ask for informal resolution first, then individual "
               "arbitration with a class-action waiver (unless you opted out within 30 days "
               "of accepting the terms); an FTC complaint reports a practice and does not "
               "replace them."],
    )  # fmt: skip


_BUILDERS = {
    PINTEREST: pinterest_appeal,
    DSA_COMPLAINT: dsa_complaint,
    OUT_OF_COURT: out_of_court,
    GDPR: gdpr_request,
    FTC: ftc_complaint,
}


def letter_for(
    route: str,
    case: Case,
    pins: list[MatchedPin],
    sender: Sender,
    today: date,
    statement: str = "",
) -> Letter:
    """`route`'s letter; `statement`, the creator's own words on why the decision is
    wrong (paragraphs apart by blank lines), takes the place left for them."""
    builder = _BUILDERS.get(route)
    if builder is None:
        raise UsageError(f"A route is one of: {', '.join(ROUTES)}.")
    letter = builder(case, pins, sender, today)
    own = [" ".join(p.split()) for p in statement.replace("\r", "").split("\n\n")]
    own = [p for p in own if p]
    if not own:
        return letter
    paragraphs: list[str] = []
    for paragraph in letter.paragraphs:
        paragraphs += own if paragraph == STATEMENT_PLACEHOLDER else [paragraph]
    return replace(letter, paragraphs=paragraphs)
