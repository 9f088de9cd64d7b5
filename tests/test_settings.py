"""Settings: kept across runs, tolerant of damage, and the schedule's arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from creator_backup.settings import Settings, SettingsStore, next_backup

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_settings_round_trip_and_leave_no_temp_files(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "config")
    assert store.load() == Settings()
    store.save(Settings(app_id="1234", schedule_hours=24, allow_restore=True))
    assert SettingsStore(tmp_path / "config").load() == Settings("1234", 24, True, False)
    assert [p.name for p in (tmp_path / "config").iterdir()] == ["settings.json"]


def test_a_damaged_or_hand_edited_file_means_defaults_not_a_crash(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.path.write_text("{not json", "utf-8")
    assert store.load() == Settings()
    store.path.write_text('["a list"]', "utf-8")
    assert store.load() == Settings()
    store.path.write_text(
        '{"app_id": 5, "schedule_hours": true, "allow_restore": "yes", "store_in_file": true}',
        "utf-8",
    )
    assert store.load() == Settings(store_in_file=True)
    store.path.write_text('{"schedule_hours": 5}', "utf-8")  # not a choice offered
    assert store.load().schedule_hours == 0


def test_next_backup_is_now_when_overdue_or_never_run() -> None:
    assert next_backup(None, 0, NOW) is None  # off
    assert next_backup(None, 24, NOW) == NOW  # never backed up
    assert next_backup("2026-11-20T12:00:00Z", 24, NOW) == NOW  # missed while closed
    assert next_backup("2026-11-24T06:00:00Z", 12, NOW) == NOW + timedelta(hours=6)
    assert next_backup("garbled", 6, NOW) == NOW


def test_the_access_tier_is_auto_unless_set_to_one_offered(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    assert store.load().access == "auto"
    store.save(Settings(access="trial"))
    assert SettingsStore(tmp_path).load().access == "trial"
    for unusable in ('"gold"', "1", "null"):
        store.path.write_text(f'{{"access": {unusable}, "schedule_hours": 6}}', "utf-8")
        assert store.load() == Settings(schedule_hours=6)  # the rest is kept
