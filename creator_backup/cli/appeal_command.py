"""`appeal`: build an appeal packet from the archive, with no network."""

from __future__ import annotations

import argparse
from pathlib import Path

from creator_backup.appeal.report import PacketDetails
from creator_backup.appeal.service import (
    MAX_STATEMENT_BYTES,
    PacketRequest,
    left_out_sentence,
)
from creator_backup.cli.archive_commands import cancel_on_interrupt
from creator_backup.cli.cases_command import statement_text
from creator_backup.cli.context import CommandContext
from creator_backup.cli.diff_command import snapshot_id
from creator_backup.cli.output import emit_json, say
from creator_backup.cli.progress_view import ProgressView
from creator_backup.errors import ExitCode, UsageError
from creator_backup.evidence.signing_key import FILE, KEYRING, SigningKey
from creator_backup.progress import CancelToken
from creator_backup.words import one_line, plural

__all__ = ["MAX_STATEMENT_BYTES", "run"]


def run(context: CommandContext, args: argparse.Namespace) -> int:
    # Rendering needs QtGui; only this command pays for importing it.
    from creator_backup.render.pdf_report import render_pdf
    from creator_backup.render.thumbnails import thumbnail

    out = Path(args.out)
    if out.suffix.lower() != ".zip":
        raise UsageError("The packet is a ZIP file: give --out a name ending in .zip.")
    if args.max_size is not None and args.max_size <= 0:
        raise UsageError("--max-size is in megabytes and must be more than 0.")
    details = PacketDetails(
        contact_name=args.contact_name or "",
        contact_email=args.contact_email or "",
        case_ref=args.case_ref or "",
        statement=statement_text(args.statement),
    )
    request = PacketRequest(
        out=out,
        # Once the account is unavailable, the packet documents all of it ("auto").
        mode="all" if args.all else "auto",
        # FROM only counts for what was lost.
        from_snapshot=snapshot_id(args.from_snapshot),
        to_snapshot=snapshot_id(args.to_snapshot),
        details=details,
        max_size_mb=args.max_size,
        private=not args.readable_by_others,
        timestamp=not args.no_timestamp,
        sign=args.sign,
        key_storage=FILE if args.store_key_in_file else KEYRING,
    )
    token = CancelToken()
    view = ProgressView(enabled=not args.json)
    with cancel_on_interrupt(token):
        try:
            built = context.app.appeals.build(
                context.record_offline(), request, thumbnail, render_pdf, view, token
            )
        finally:
            view.close()
    result = built.result
    # A packet short of a file, or over the size asked for, is written but not whole.
    code = ExitCode.OK if result.fits and result.complete else ExitCode.PARTIAL
    if args.json:
        emit_json({**result.to_json(), "mode": built.mode, "key_made": built.key_made})
        return code
    what = "everything in the account" if built.mode == "all" else "what was lost"
    held = (plural(result.media_files, "media file") if result.full_path is None
            else "thumbnails only")  # fmt: skip
    say(f"Wrote {result.path} ({result.size / 1_000_000:.1f} MB): {what}, "
        f"{plural(result.items, 'item')}, {held}.")  # fmt: skip
    if not result.complete:
        say(f"{left_out_sentence(len(result.left_out))} `creator-backup verify` tells what "
            "is wrong with the archive.")  # fmt: skip
    if result.full_path is not None:
        say(f"It did not fit in {args.max_size} MB, so it holds thumbnails instead of the "
            f"media; the full packet is {result.full_path} "
            f"({(result.full_size or 0) / 1_000_000:.1f} MB, "
            f"{plural(result.full_media_files or 0, 'media file')}).")  # fmt: skip
    if not result.fits:
        say(f"Even with no images it is over {args.max_size} MB: send the full packet another "
            "way (a file-sharing link), or split the appeal by board.")  # fmt: skip
    if result.snapshot_stamps or result.packet_stamps or result.stamp_failures:
        say(f"Time stamps: {plural(result.snapshot_stamps, 'token')} on the snapshots it "
            f"cites, {plural(result.packet_stamps, 'token')} on the packet itself.")  # fmt: skip
    for url, why in result.stamp_failures:
        say(f"  not stamped by {one_line(url, 120)}: {one_line(why, 160)}")
    if result.signed_by is not None:
        made = "your new signing key (made now)" if built.key_made else "your signing key"
        say(f"Signed with {made}, fingerprint {result.signed_by}.")
    say("Check it with `bagit.py --validate` after unzipping (see VERIFY.txt inside), "
        "or with `creator-backup verify-packet FILE.zip`.")  # fmt: skip
    return code


def verify_packet(context: CommandContext, args: argparse.Namespace) -> int:
    """Checks a packet's bag and every time stamp in it; INTEGRITY when any fails."""
    check = context.app.appeals.check_packet(Path(args.packet))
    if args.json:
        emit_json(check.to_json())
    else:
        say("The bag is valid: every file is as listed." if check.bag_problem is None
            else f"The bag is not valid: {one_line(check.bag_problem, 300)}")  # fmt: skip
        if not check.tokens:
            say("It holds no time stamps.")
        for token in check.tokens:
            say(token.sentence())
        say("It is not signed." if check.signature is None else check.signature.sentence())
    return ExitCode.OK if check.ok else ExitCode.INTEGRITY


def signing_key(context: CommandContext, args: argparse.Namespace) -> int:
    """`signing-key show|make|forget`: the creator's key for signing packets."""
    appeals = context.app.appeals
    if args.action == "forget":
        forgotten = appeals.forget_signing_key()
        if args.json:
            emit_json({"forgotten": forgotten})
        else:
            say("Forgot your signing key; packets signed with it can still be checked."
                if forgotten else "There was no signing key to forget.")  # fmt: skip
        return ExitCode.OK
    key: SigningKey | None = None
    made = False
    if args.action == "make":
        key, made = appeals.make_signing_key(FILE if args.store_key_in_file else KEYRING)
    else:
        key = appeals.signing_key()
    if args.json:
        emit_json({
            "fingerprint": key.fingerprint if key else None,
            "public_key": key.public_pem.decode("ascii") if key else None,
            "kept_in": key.kept_in if key else None,
            "made": made,
        })  # fmt: skip
        return ExitCode.OK
    if key is None:
        say("You have no signing key yet: `appeal --sign` or `signing-key make` makes one.")
        return ExitCode.OK
    say(f"{'Made your' if made else 'Your'} signing key (Ed25519), kept in {key.kept_in}.")
    say(f"Fingerprint: {key.fingerprint}")
    say("Public key (give it, or the fingerprint, to whoever should recognise your "
        "signature):")  # fmt: skip
    say(key.public_pem.decode("ascii").rstrip())
    return ExitCode.OK
