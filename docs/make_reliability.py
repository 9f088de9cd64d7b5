"""Runs the reliability and security suite and writes docs/RELIABILITY.md: each guarantee,
the tests that keep it, whether they passed, and what they did (kill points survived,
faults injected, hostile inputs tried, items lost).

Every test listed here runs, the slow ones too (`-m "slow or not slow"`). The tests write
what they did through tests/reliability/figures.py into a folder this script gives them;
pytest's JUnit XML says which passed. Nothing in the document is typed by hand: a figure
comes from a run, or the row says the test did not pass.

Run: `.venv/bin/python docs/make_reliability.py` (about ten minutes on two cores), or
`--quick` for the default run only (a handful of kill points instead of fifty), or
`--out FILE` to write elsewhere.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES_ENV = "CREATOR_BACKUP_FIGURES_DIR"
R = "tests/reliability/"


@dataclass(frozen=True)
class Guarantee:
    promise: str
    tests: tuple[str, ...]  # node ids, "file::function"; parameters are all included


GUARANTEES = (
    Guarantee(
        "A backup killed with -9 at any moment loses nothing: the next run finishes it, "
        "`verify --read-data` is clean, nothing is stored twice",
        ("tests/backup/test_kill.py::test_kill_9_at_several_points_then_finish",
         "tests/backup/test_kill.py::test_kill_9_at_fifty_points_then_finish",
         R + "test_two_instances.py::test_a_holder_killed_with_minus_9_leaves_no_stale_lock",
         R + "test_storage.py::test_a_migration_stopped_halfway_leaves_nothing_of_itself"),
    ),
    Guarantee(
        "A restore killed with -9 at any moment, even between a write and its answer, "
        "never makes a duplicate: the next run finishes it and the account equals the "
        "snapshot",
        ("tests/restore/test_kill_restore.py::test_kill_9_at_several_points_then_finish",
         "tests/restore/test_kill_restore.py::test_kill_9_at_fifty_points_then_finish"),
    ),
    Guarantee(
        "Latency, 5xx, resets, truncated and slow bodies and 429 storms during a backup "
        "(listings or media) end complete, or honestly partial and finished by the next run",
        (R + "test_fault_matrix.py::test_backup_under_each_fault_is_complete_or_honestly_partial",
         "tests/backup/test_runs.py::test_faults_end_complete_or_honestly_partial",
         "tests/api/test_connection_resets.py::test_a_listing_with_a_reset_on_its_second_page_is_complete_and_has_no_duplicates"),
    ),
    Guarantee(
        "A token that expires mid-backup is renewed once; an account suspended mid-backup "
        "gives a partial snapshot that marks nothing lost",
        (R + "test_fault_matrix.py::test_a_token_expiring_mid_backup_is_renewed_once_and_the_run_completes",
         R + "test_fault_matrix.py::test_an_account_suspended_mid_backup_is_partial_and_reinstatement_finishes_it",
         "tests/backup/test_runs.py::test_suspended_account_gives_an_honest_partial_snapshot"),
    ),
    Guarantee(
        "The same faults during a restore never duplicate anything; a write whose answer "
        "was lost is settled by listing, never by sending it again",
        (R + "test_fault_matrix.py::test_restore_under_each_fault_never_duplicates_and_the_next_run_finishes",
         R + "test_fault_matrix.py::test_a_suspension_mid_restore_stops_it_and_reinstatement_finishes_it",
         "tests/api/test_connection_resets.py::test_a_post_broken_mid_body_is_not_retried_and_its_outcome_is_unknown"),
    ),
    Guarantee(
        "The same faults during a login connect, or fail in one sentence keeping nothing",
        (R + "test_fault_matrix.py::test_login_under_each_fault_connects_or_fails_in_one_sentence_keeping_nothing",),
    ),
    Guarantee(
        "A full disk stops a backup in one sentence, the archive stays exactly what its "
        "database says, and a run with space finishes the same snapshot; a read-only "
        "archive is refused in one sentence and stays readable",
        (R + "test_storage.py::test_a_full_disk_stops_the_backup_in_one_sentence_and_a_later_run_completes",
         R + "test_storage.py::test_a_read_only_archive_is_refused_in_one_sentence_and_stays_readable"),
    ),
    Guarantee(
        "`verify` finds a corrupted database page (exit 6, one sentence) and "
        "`verify --read-data` a flipped byte in a media file, and names it",
        (R + "test_storage.py::test_a_corrupted_database_page_is_found_by_verify_with_exit_6",
         R + "test_storage.py::test_a_flipped_byte_in_a_media_file_is_found_by_verify_read_data",
         R + "test_storage.py::test_verify_on_a_file_that_is_not_a_database_is_one_sentence",
         "tests/backup/test_runs.py::test_verify_finds_corrupt_missing_and_orphan_files"),
    ),
    Guarantee(
        "Two app instances on one archive: one writes, the other is refused at once, "
        "naming who holds the lock",
        (R + "test_two_instances.py::test_a_second_backup_is_refused_naming_the_holder_and_the_first_completes",
         "tests/backup/test_runs.py::test_a_second_writer_is_refused",
         "tests/backup/test_runs.py::test_the_lock_is_held_across_threads_too"),
    ),
    Guarantee(
        "Malformed API JSON (no id, wrong types, nulls, huge strings, not an object) is a "
        "recorded skip or kept verbatim; the backup completes and later commands read it",
        (R + "test_malformed_api.py::test_malformed_objects_are_skipped_or_kept_verbatim_and_the_backup_completes",
         R + "test_name_properties.py::test_every_object_either_has_a_digit_id_or_is_unreadable"),
    ),
    Guarantee(
        "An object whose media or counts no model can read is kept as sent and every run "
        "completes; an answer the client cannot parse (nested too deep, a redirect with no "
        "body) is an API error with its reason and never leaves a snapshot running",
        (R + "test_malformed_api.py::test_media_and_counts_no_model_can_read_are_kept_and_every_run_completes",
         R + "test_malformed_api.py::test_an_answer_that_cannot_be_parsed_ends_the_run_honestly_with_its_reason"),
    ),
    Guarantee(
        "No API answer or media file holds a run past its deadline however it trickles "
        "(headers, a compressed body, a silent gap); a cancel and the first Ctrl+C stop "
        "within 2 s wherever a request waits; an announced size never stretches a deadline",
        ("tests/backup/test_slow_server.py::test_a_trickled_answer_ends_the_run_at_the_deadline",
         "tests/backup/test_slow_server.py::test_a_cancel_stops_a_trickled_answer_within_a_gap_or_two",
         R + "test_slow_api.py::test_the_first_ctrl_c_stops_a_backup_held_by_a_trickle",
         "tests/backup/test_downloader.py::test_a_huge_announced_size_does_not_stretch_a_trickles_deadline",
         "tests/backup/test_slow_server.py::test_an_answer_is_held_to_its_deadline_headers_and_compressed_body_too",
         "tests/backup/test_slow_server.py::test_a_cancel_stops_a_request_wherever_it_waits",
         "tests/backup/test_slow_server.py::test_a_write_held_by_slow_headers_ends_at_its_deadline_with_its_outcome_unknown",
         R + "test_slow_api.py::test_the_first_ctrl_c_stops_a_backup_wherever_its_request_waits",
         "tests/backup/test_downloader.py::test_headers_sent_a_byte_at_a_time_are_held_to_the_deadline",
         "tests/backup/test_downloader.py::test_a_cancel_stops_a_download_wherever_it_waits"),
    ),
    Guarantee(
        "Every listing ends: a page that brings nothing new, or more items than the account "
        "can hold (per listing and across the run), ends the run as partial with the "
        "reason; a listing of exactly its bound, or pages of unreadable objects, still "
        "complete",
        (R + "test_endless_pagination.py::test_an_endless_listing_ends_the_run_as_partial_with_its_reason",
         R + "test_endless_pagination.py::test_many_long_board_listings_are_stopped_together_by_the_run_budget",
         R + "test_endless_pagination.py::test_a_page_of_unreadable_objects_only_is_skipped_and_the_listing_goes_on",
         "tests/api/test_pagination.py::test_a_listing_of_exactly_its_bound_then_an_empty_bookmarked_page_completes",
         "tests/api/test_pagination.py::test_a_run_budget_bounds_many_listings_each_within_its_own"),
    ),
    Guarantee(
        "Media never comes from off the public internet (private, loopback, link-local "
        "addresses): refused before connecting, recorded once with its reason",
        (R + "test_malformed_api.py::test_a_media_address_off_the_public_internet_is_refused_once_with_its_reason",
         "tests/backup/test_downloader.py::test_media_on_this_computer_is_refused_when_the_api_is_not",
         "tests/api/test_addresses.py::test_wrapped_and_site_local_addresses_are_refused"),
    ),
    Guarantee(
        "A media server's answer is read within bounds (headers, interim answers, "
        "redirects, chunk lines, trailers); an answer shaped to be read two ways (two "
        "lengths, a folded or spaced header, control bytes, a broken chunk) is refused, "
        "never guessed, and its server not asked twice; no byte of an address or a "
        "validator can add a line to a request; certificates are checked, the handshake "
        "too is under the deadline",
        ("tests/api/test_media_http.py::test_headers_this_client_cannot_trust_fail_on_that_one_connection",
         "tests/api/test_media_http.py::test_broken_chunks_fail_or_end_early_and_are_never_kept",
         "tests/api/test_media_http.py::test_interim_answers_up_to_the_limit_pass_and_one_more_fails",
         "tests/api/test_media_http.py::test_a_chain_longer_than_the_limit_fails",
         "tests/api/test_media_http.py::test_a_redirect_to_something_other_than_a_web_address_is_refused",
         "tests/api/test_media_http.py::test_a_redirect_off_the_public_internet_is_refused",
         "tests/api/test_media_http.py::test_a_hostile_address_makes_one_well_formed_request_line",
         "tests/api/test_media_http.py::test_a_header_value_that_could_end_its_line_is_refused_before_sending",
         "tests/api/test_media_http.py::test_tls_with_an_untrusted_certificate_fails_before_any_request",
         "tests/api/test_media_http.py::test_a_tls_handshake_left_unanswered_is_ended_by_the_deadline"),
    ),
    Guarantee(
        "Hostile media (HTML or an executable served as an image, oversized, not a web "
        "address) is a recorded failure and never stored; an image bomb is refused "
        "without a memory spike",
        (R + "test_hostile_media.py::test_hostile_media_is_a_recorded_failure_and_never_stored",
         "tests/backup/test_downloader.py::test_size_cap_refuses_and_leaves_nothing",
         "tests/backup/test_downloader.py::test_an_error_page_is_not_media",
         "tests/render/test_render.py::test_an_image_bomb_is_refused_without_a_memory_spike"),
    ),
    Guarantee(
        "Hostile names and titles come out literally, never as markup, a formula or a "
        "path: in files, the HTML and PDF report, the CSV, the offline site, the window",
        (R + "test_hostile_names_files.py::test_no_output_takes_its_name_from_pinterest_text",
         R + "test_hostile_names_gui.py::test_every_page_shows_hostile_names_as_plain_text",
         "tests/appeal/test_packet.py::test_hostile_titles_come_out_literally_in_html_csv_and_pdf",
         "tests/appeal/test_packet.py::test_csv_cells_that_look_like_formulas_are_neutralised",
         "tests/gui/test_browse.py::test_hostile_titles_are_plain_text",
         "tests/site/test_site_hostile.py::test_hostile_ids_titles_links_and_paths_in_the_archive"),
    ),
    Guarantee(
        "A hostile data-export zip (traversal, bombs, lying sizes) is refused with its "
        "reason and writes nothing",
        ("tests/data_export/test_container.py::test_a_hostile_file_is_refused_with_its_reason_and_writes_nothing",
         "tests/data_export/test_container.py::test_a_zip_past_the_total_cap_is_refused",
         "tests/data_export/test_container.py::test_a_lying_size_in_the_header_is_caught_as_damage"),
    ),
    Guarantee(
        "A hostile data export (an unclosed comment or script, an entity at every chunk "
        "boundary, a tag around every letter, millions of tiny pins, one field over many "
        "lines) is read in memory that does not grow with its size (at most 300 MB) and in "
        "linear time; more pins than an account can hold are refused as they stream",
        (R + "test_hostile_export.py::test_a_hostile_page_costs_the_same_memory_at_any_size",
         R + "test_hostile_export.py::test_a_page_dense_in_tags_costs_its_text_not_an_object_a_tag",
         R + "test_hostile_export.py::test_pins_past_an_accounts_cap_are_refused_as_they_stream",
         R + "test_hostile_export.py::test_many_tiny_pins_cost_memory_that_does_not_grow_with_them",
         R + "test_hostile_export.py::test_one_title_over_many_lines_is_read_in_linear_time"),
    ),
    Guarantee(
        "Text from an export is cut with a mark wherever it is shown and kept whole in the "
        "raw record; every plain line the CLI prints shows control characters escaped",
        (R + "test_hostile_export.py::test_a_huge_name_and_title_are_cut_where_shown_and_kept_whole_in_the_record",
         R + "test_hostile_export.py::test_a_pin_past_its_cap_is_cut_with_a_mark_and_the_import_says_so",
         R + "test_hostile_export.py::test_terminal_escape_codes_from_the_export_are_printed_escaped"),
    ),
    Guarantee(
        "A ZIP whose file list is too long or too large is refused from its end record "
        "before it is read; a snapshot keeps a bounded record of the names; an export "
        "stating another account id is refused and writes nothing",
        (R + "test_hostile_export.py::test_a_zip_directory_past_the_limits_is_refused_before_it_is_read",
         R + "test_hostile_export.py::test_long_member_names_leave_a_bounded_record",
         R + "test_hostile_export.py::test_an_export_naming_another_account_id_is_refused"),
    ),
    Guarantee(
        "No token, refresh token, app secret or OAuth code reaches stdout, stderr, a log, "
        "a file the app writes or a packet, in any command",
        (R + "test_secrets_every_command.py::test_every_command_is_scanned_or_exempt_with_a_reason",
         R + "test_secrets_every_command.py::test_no_secret_leaves_the_command",
         "tests/auth/test_no_secrets_in_logs.py::test_login_refresh_and_listing_leave_no_secret_anywhere",
         "tests/auth/test_no_secrets_in_logs.py::test_cli_runs_with_verbose_logs_leave_no_secret_anywhere"),
    ),
    Guarantee(
        "Another local process cannot end a browser login: an answer on the login port "
        "whose state does not match is ignored and counted, its code never exchanged, and "
        "the real answer still connects",
        ("tests/auth/test_browser_login.py::test_an_answer_with_a_wrong_or_missing_state_is_ignored_and_the_real_one_connects",
         "tests/auth/test_browser_login.py::test_a_login_that_only_gets_wrong_states_fails_at_its_timeout_saying_so"),
    ),
    Guarantee(
        "Moving the archives is crash-safe: killed with -9 at any step (copy to another "
        "disk, settings save, removal of the old copy, or between a rename and the settings "
        "on one disk), the next start of the window or any command leaves exactly one whole "
        "archive where the settings say, `verify --read-data` clean, its history intact; "
        "a process that read the old place is refused, never given a fresh archive; an old "
        "copy is removed only once the new one is seen whole and the old one unchanged",
        ("tests/archive/test_move_crash.py::test_kill_9_during_a_move_to_another_disk_then_any_start_leaves_one_whole_archive",
         "tests/archive/test_move_crash.py::test_kill_9_between_the_rename_and_the_settings_on_one_disk",
         "tests/archive/test_move_crash.py::test_the_window_finishes_an_interrupted_move_at_start",
         "tests/archive/test_move_crash.py::test_a_damaged_note_of_a_move_is_ignored_and_nothing_is_touched",
         "tests/archive/test_move_crash.py::test_a_move_under_way_is_left_alone_by_a_start_and_a_second_move",
         "tests/archive/test_move_crash.py::test_a_process_that_read_the_settings_before_a_move_is_refused_not_given_a_fresh_archive",
         "tests/archive/test_move_crash.py::test_the_new_folder_missing_at_start_keeps_the_note_and_touches_nothing",
         "tests/archive/test_move_crash.py::test_kill_9_between_the_note_and_the_first_rename_of_two_accounts_undoes_the_move",
         "tests/archive/test_move_crash.py::test_an_undone_copy_is_never_renamed_into_an_old_folder_that_cannot_be_seen",
         "tests/archive/test_move_crash.py::test_an_old_copy_written_to_after_the_move_is_kept"),
    ),
    Guarantee(
        "A backup never calls an archive complete while files it records are missing or "
        "cut short on disk: they are fetched again, and while any stays missing the run is "
        "media pending",
        ("tests/backup/test_lost_media.py::test_a_backup_fetches_again_the_media_files_deleted_by_hand",
         "tests/backup/test_lost_media.py::test_a_backup_that_cannot_fetch_them_again_is_not_complete",
         "tests/backup/test_lost_media.py::test_a_removed_pins_lost_file_is_fetched_again_or_kept_pending"),
    ),
    Guarantee(
        "A token file, when the user opts in, is readable by them alone (0600), and the "
        "token is in no other file after the window's flows",
        ("tests/auth/test_secret_store.py::test_login_into_the_opt_in_file_keeps_it_readable_by_the_user_alone",
         "tests/auth/test_secret_store.py::test_the_file_store_is_replaced_whole_and_stays_private",
         "tests/auth/test_cli_accounts.py::test_login_into_a_file_when_asked_writes_it_0600",
         R + "test_hostile_names_gui.py::test_the_window_flows_keep_the_token_in_its_0600_file_and_nowhere_else"),
    ),
    Guarantee(
        "Whatever happens to the account between backups, and wherever a backup stops, the "
        "archive verifies clean and a complete snapshot equals the account (Hypothesis)",
        (R + "test_state_machine.py::test_archive_and_backup_against_the_sandbox",
         R + "test_state_machine.py::test_archive_and_backup_against_the_sandbox_at_length",
         R + "test_state_machine.py::test_a_board_gone_since_an_interrupted_run_is_not_carried_into_its_finish"),
    ),
    Guarantee(
        "The archive states only what a run observed: whatever Pinterest removes or refuses "
        "between runs (real response shapes: no counters, counters moderation leaves alone) "
        "and wherever a run is cancelled, nothing is marked removed while present, a board "
        "said to be listed holds exactly what Pinterest served it, no 'last seen' is later "
        "than the last run served the item, and a cancelled run is never complete "
        "(Hypothesis, checked against what the sandbox actually served)",
        (R + "test_ledger_property.py::test_the_archive_states_only_what_was_observed",
         R + "test_ledger_property.py::test_the_archive_states_only_what_was_observed_at_length",
         "tests/cli/test_real_shapes.py::test_a_removal_where_counters_are_missing_or_stale_is_seen_and_dated_truly",
         "tests/cli/test_real_shapes.py::test_one_board_pinterest_refuses_is_one_bad_board",
         "tests/gui/test_backup_outcomes.py::test_cancel_while_files_download_is_cancelled_not_complete",
         "tests/archive/test_ledger_migration.py::test_last_seen_goes_back_to_the_last_listing"),
    ),
    Guarantee(
        "An appeal packet lists every media file it could not include, with why, in its "
        "report and inventory; the count it prints is what the bag holds, and `appeal` "
        "exits 5 when a file is missing",
        ("tests/appeal/test_packet_gaps.py::test_media_missing_from_the_archive_are_listed_and_the_command_exits_5",
         "tests/appeal/test_packet_gaps.py::test_a_whole_archive_gives_a_complete_packet_and_exit_0",
         "tests/gui/test_appeal_page.py::test_files_left_out_and_who_may_open_the_packet_are_said"),
    ),
    Guarantee(
        "A packet build killed with -9 leaves a folder the next build removes; a running "
        "build's folder and folders the app did not make are kept",
        ("tests/appeal/test_stale_builds.py::test_a_later_build_removes_killed_builds_and_keeps_a_running_one",
         "tests/appeal/test_stale_builds.py::test_a_just_started_build_is_left_alone"),
    ),
    Guarantee(
        "The standard-tool commands VERIFY.txt gives fail on an added file, a removed file, "
        "an edited bag-info.txt and a changed byte, as bagit does",
        ("tests/appeal/test_verify_commands.py::test_the_commands_pass_on_the_packet_as_made",
         "tests/appeal/test_verify_commands.py::test_the_commands_catch_what_bagit_catches"),
    ),
    Guarantee(
        "Appeal packets and offline sites are readable by their user alone (0600 files, "
        "0700 folders) unless the user chooses otherwise",
        ("tests/appeal/test_packet_modes.py::test_the_packet_is_private_unless_asked",
         "tests/appeal/test_packet_modes.py::test_a_file_left_with_a_wider_mode_is_narrowed_when_written_again",
         "tests/site/test_site_modes.py::test_the_site_is_private_by_default_and_shared_when_asked",
         "tests/site/test_site_modes.py::test_pictures_copied_to_another_disk_are_private_too"),
    ),
    Guarantee(
        "Packets and History mark which removal claims rest on a data export alone (pins "
        "no backup ever saw)",
        ("tests/appeal/test_export_alone.py::test_a_pin_only_an_export_knows_is_marked_in_the_packet",
         "tests/gui/test_history_export_alone.py::test_history_marks_the_claims_only_an_export_makes"),
    ),
    Guarantee(
        "No file name is ever made from Pinterest text; the export parser reads any text "
        "without raising (Hypothesis)",
        (R + "test_name_properties.py::test_an_archive_folder_comes_from_a_digit_id_or_nothing",
         R + "test_name_properties.py::test_a_partial_download_is_named_by_a_hash_of_its_address",
         R + "test_name_properties.py::test_a_media_path_is_a_hash_under_media_or_refused",
         R + "test_name_properties.py::test_a_packet_file_name_comes_from_the_id_alone",
         "tests/site/test_site_hostile.py::test_a_file_name_from_any_id_is_safe",
         "tests/data_export/test_parse.py::test_any_text_parses_without_raising",
         "tests/data_export/test_parse.py::test_any_html_ish_text_parses_without_raising"),
    ),
    Guarantee(
        "An appeal packet verifies, and one changed byte in any member fails verification",
        ("tests/appeal/test_packet.py::test_packet_is_a_valid_bag_with_every_part",
         "tests/appeal/test_packet.py::test_one_flipped_byte_in_any_member_fails_validation"),
    ),
)  # fmt: skip
HEADLINE = (
    ("kill_points", "kill -9 points survived (killed while running)"),
    ("faults_injected", "faults injected"),
    ("hostile_inputs", "hostile inputs tried"),
    ("items_lost", "items lost"),
)


def existing(node: str) -> bool:
    """A test other work has not built yet is listed as missing, not run."""
    path, _, name = node.partition("::")
    file = ROOT / path
    found = file.is_file() and re.search(rf"^def {re.escape(name)}\(", file.read_text(), re.M)
    return bool(found)


def run_suite(nodes: list[str], figures: Path, junit: Path, quick: bool) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{FIGURES_ENV: str(figures)})
    marks = [] if quick else ["-m", "slow or not slow"]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               f"--junitxml={junit}", *marks, *nodes]  # fmt: skip
    print("running:", " ".join(command[3:6]), f"... {len(nodes)} tests", file=sys.stderr)
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def outcomes(junit: Path) -> dict[str, list[str]]:
    """function node id -> one outcome per parameter set: passed, failed or skipped."""
    results: dict[str, list[str]] = defaultdict(list)
    for case in ET.parse(junit).getroot().iter("testcase"):  # noqa: S314
        module = case.get("classname", "").replace(".", "/") + ".py"
        name = case.get("name", "").split("[", 1)[0]
        if case.find("failure") is not None or case.find("error") is not None:
            outcome = "failed"
        elif case.find("skipped") is not None:
            outcome = "skipped"
        else:
            outcome = "passed"
        results[f"{module}::{name}"].append(outcome)
    return results


def figures_by_test(folder: Path) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for file in folder.glob("*.jsonl"):
        for line in file.read_text("utf-8").splitlines():
            entry = json.loads(line)
            node = str(entry.pop("test")).split("[", 1)[0]
            entry.pop("at", None)
            for key, value in entry.items():
                totals[node][key] += int(value)
    return totals


def describe(counts: dict[str, int]) -> str:
    words = {"kill_points": "kill points", "kill_attempts": "kills sent",
             "in_doubt": "kills between a write and its answer", "faults_injected": "faults",
             "hostile_inputs": "hostile inputs", "items_lost": "items lost",
             "stops": "backups stopped partway", "steps": "steps checked",
             "backups": "backups"}  # fmt: skip
    return ", ".join(f"{value:,} {words.get(key, key)}" for key, value in sorted(counts.items()))


def render(results: dict[str, list[str]], figures: dict[str, dict[str, int]], quick: bool,
           seconds: float) -> str:  # fmt: skip
    totals: dict[str, int] = defaultdict(int)
    for counts in figures.values():
        for key, value in counts.items():
            totals[key] += value
    passed = sum(o.count("passed") for o in results.values())
    failed = sum(o.count("failed") for o in results.values())
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    run = (
        "the default run (`--quick`)"
        if quick
        else 'every test, slow ones included (`-m "slow or not slow"`)'
    )
    lines = [
        "# Reliability and security: what is promised, and what keeps the promise",
        "",
        "<!-- Generated by docs/make_reliability.py; do not edit by hand. -->",
        "",
        f"Last measured {when}, {run}, in {seconds / 60:.1f} minutes: "
        f"{passed:,} tests passed, {failed:,} failed.",
        "",
        "| figure | last measured |",
        "| --- | ---: |",
    ]
    lines += [f"| {label} | {totals.get(key, 0):,} |" for key, label in HEADLINE]
    lines += [
        "",
        "Each promise below is kept by the tests named beside it, which run against the "
        "sandbox over real HTTP, real processes (killed with SIGKILL), real filesystems (a "
        "3 MB tmpfs, a read-only bind mount) and real files. Figures are what the tests "
        "counted while they ran; a test without figures is counted by its outcome only.",
        "",
        "| # | guarantee | kept by | result | figures |",
        "| --- | --- | --- | --- | --- |",
    ]
    for number, guarantee in enumerate(GUARANTEES, 1):
        kept, states, counts = [], [], defaultdict(int)
        for node in guarantee.tests:
            got = results.get(node)
            if got is None:
                state = "not built yet" if not existing(node) else "not run"
            elif "failed" in got:
                state = f"FAILED ({got.count('failed')} of {len(got)})"
            elif set(got) == {"skipped"}:
                state = "skipped"
            else:
                state = f"passed ({got.count('passed')})" if len(got) > 1 else "passed"
            kept.append(f"`{node}`")
            states.append(state)
            for key, value in figures.get(node, {}).items():
                counts[key] += value
        lines.append(
            f"| {number} | {guarantee.promise} | {'<br>'.join(kept)} | {'<br>'.join(states)} "
            f"| {describe(counts) or '-'} |"
        )
    lines += [
        "",
        "Regenerate with `.venv/bin/python docs/make_reliability.py` (the whole suite above, "
        "about ten minutes on two cores). The kill tests are seeded: the same points every "
        "run. The default test run (`./dev test`) has a handful of kill points each for "
        "backup and restore; `./dev test -m slow` has fifty each.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the default run: no slow tests")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "RELIABILITY.md")
    args = parser.parse_args()
    nodes = [n for g in GUARANTEES for n in g.tests if existing(n)]
    with tempfile.TemporaryDirectory(prefix="reliability-") as work:
        figures_dir, junit = Path(work) / "figures", Path(work) / "junit.xml"
        started = time.monotonic()
        code = run_suite(list(dict.fromkeys(nodes)), figures_dir, junit, args.quick)
        seconds = time.monotonic() - started
        if not junit.exists():
            print("pytest wrote no report; nothing written", file=sys.stderr)
            return code or 1
        text = render(outcomes(junit), figures_by_test(figures_dir), args.quick, seconds)
    args.out.write_text(text, "utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
