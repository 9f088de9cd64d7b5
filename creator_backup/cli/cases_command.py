"""`notice import`, `cases` and `case ...`: Pinterest's decision notices as cases, their
deadlines and letters, with no network."""

from __future__ import annotations

import argparse
from pathlib import Path

from creator_backup.appeal.service import MAX_STATEMENT_BYTES, STATEMENT_TOO_LONG
from creator_backup.application.cases import CaseView
from creator_backup.cases.letters import send_by_text
from creator_backup.cases.routes import Sender
from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say
from creator_backup.errors import ExitCode, UsageError
from creator_backup.words import day_text, one_line, plural

UNKNOWN = "unknown (the notice does not say)"


def _fact(value: object) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    return one_line(str(value), 160)


def _describe(view: CaseView) -> None:
    case = view.case
    say(f"  Enforcement ID: {_fact(case.enforcement_id)}")
    say(f"  Decision: {_fact(case.decision)}; policy: {_fact(case.policy)}")
    say(f"  Saved to: {_fact(case.board)}")
    say(f"  Automated means used: {_fact(case.automated)}"
        + (f" (method: {one_line(case.method, 40)})" if case.method else ""))  # fmt: skip
    say(f"  Decided: {day_text(case.decided())}; appeal by: {day_text(view.appeal_due)}"
        + ("" if view.appeal_due else " (count six months from when the notice came)"))  # fmt: skip
    if case.unknown:
        say(f"  The notice leaves out: {', '.join(case.unknown)}.")
    for pin in view.matched:
        if not pin.in_archive:
            say(f"  Pin {pin.pin_id}: not in the archive.")
            continue
        title = one_line(pin.title or "(no title)", 80)
        board = one_line(pin.board or "(unknown board)", 60)
        picture = pin.picture or "no picture stored"
        say(f"  Pin {pin.pin_id}: “{title}” on {board}; picture: {picture}")


def notice_import(context: CommandContext, args: argparse.Namespace) -> int:
    imported = context.app.cases.import_notice(context.record_offline(), Path(args.file))
    if args.json:
        emit_json(imported.to_json())
        return ExitCode.OK
    view = imported.view
    if imported.opened:
        say(f"Opened case {view.case.id}.")
    elif imported.added:
        say(f"Updated case {view.case.id}: {', '.join(imported.added)} added.")
    else:
        say(f"Case {view.case.id} already holds everything this notice says.")
    _describe(view)
    return ExitCode.OK


def cases_list(context: CommandContext, args: argparse.Namespace) -> int:
    views = context.app.cases.all(context.record_offline())
    if args.json:
        emit_json({"cases": [view.to_json(with_pins=False) for view in views]})
        return ExitCode.OK
    if not views:
        say("No cases yet: `creator-backup notice import FILE` opens one from a notice.")
        return ExitCode.OK
    say(f"{plural(len(views), 'case')}:")
    for view in views:
        case = view.case
        nxt = (f"next: {one_line(view.next.what, 120)} by {day_text(view.next.due)}"
               if view.next else "no deadline ahead")  # fmt: skip
        pins = plural(len(case.pin_ids), "pin")
        say(f"  {case.id}  {case.status}  {_fact(case.decision)}, {pins}  {nxt}")
    return ExitCode.OK


def case_status(context: CommandContext, args: argparse.Namespace) -> int:
    packet = Path(args.packet) if args.packet else None
    view = context.app.cases.set_status(context.record_offline(), args.case, args.status, packet)
    if args.json:
        emit_json(view.to_json())
    else:
        say(f"Case {view.case.id} is now {view.case.status}"
            + (f"; the packet {packet} is in its custody log." if packet else "."))  # fmt: skip
    return ExitCode.OK


def case_show(context: CommandContext, args: argparse.Namespace) -> int:
    view = context.app.cases.get(context.record_offline(), args.case)
    if args.json:
        emit_json(view.to_json())
        return ExitCode.OK
    say(f"Case {view.case.id} ({view.case.status}):")
    _describe(view)
    for deadline in view.deadlines:
        say(f"  {one_line(deadline.what, 120)}: {day_text(deadline.due)}")
    return ExitCode.OK


def statement_text(path: str | None) -> str:
    """The creator's own words for a letter, from a file of at most MAX_STATEMENT_BYTES,
    as an appeal packet takes them."""
    if not path:
        return ""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_STATEMENT_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"The statement file {path} cannot be read ({exc.strerror}).") from exc
    if len(data) > MAX_STATEMENT_BYTES:
        raise UsageError(STATEMENT_TOO_LONG)
    return data.decode("utf-8", errors="replace")


def case_letter(context: CommandContext, args: argparse.Namespace) -> int:
    out = Path(args.out)
    renderer = None
    if out.suffix.lower() == ".pdf":
        # Laying out a PDF needs QtGui; only a PDF letter pays for importing it.
        from creator_backup.render.pdf_report import render_pdf

        renderer = render_pdf
    sender = Sender(args.name or "", args.email or "")
    written = context.app.cases.letter(
        context.record_offline(), args.case, args.route, out, sender, renderer,
        statement_text(args.statement),
    )  # fmt: skip
    letter = written.letter
    assert letter is not None
    if args.json:
        emit_json(written.to_json())
        return ExitCode.OK
    say(f"Wrote {written.path}: {one_line(letter.title)}.")
    say(f"Send it {letter.how_to_send}.")
    say(send_by_text(letter))
    if letter.missing:
        say(f"The notice leaves out {plural(len(letter.missing), 'element')} the DSA's "
            "Art. 17(3) requires; the letter names them.")  # fmt: skip
    for note in letter.notes:
        say(f"  {note}")
    return ExitCode.OK


def case_ics(context: CommandContext, args: argparse.Namespace) -> int:
    written = context.app.cases.calendar(context.record_offline(), args.case, Path(args.out))
    if args.json:
        emit_json(written.to_json())
        return ExitCode.OK
    deadlines = written.deadlines or []
    say(f"Wrote {written.path}: {plural(len(deadlines), 'deadline')}, each with reminders "
        "a week and a day before.")  # fmt: skip
    for deadline in deadlines:
        say(f"  {day_text(deadline.due)}: {one_line(deadline.what, 120)}")
    return ExitCode.OK


def case(context: CommandContext, args: argparse.Namespace) -> int:
    actions = {"status": case_status, "show": case_show, "letter": case_letter, "ics": case_ics}
    action = actions.get(args.case_action)
    if action is None:
        raise UsageError("Say what to do with the case: `creator-backup case --help`.")
    return action(context, args)


def notice(context: CommandContext, args: argparse.Namespace) -> int:
    return notice_import(context, args)
