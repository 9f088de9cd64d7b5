"""JobMeter: the whole job's share from its steps, never lower than before."""

from __future__ import annotations

from creator_backup.progress import JobMeter, Progress, stage


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_steps_taking_turns_add_up_and_a_growing_total_holds_the_bar_still() -> None:
    clock = Clock()
    meter = JobMeter(clock)
    assert meter.update(Progress("Reading your list of boards")).fraction is None
    assert meter.update(Progress("Listing boards", 1, 4)).fraction == 0.25
    # Files start arriving while boards are listed: both counts make the job.
    assert meter.update(Progress("Downloading", 2, 4)).fraction == 3 / 8
    # A later listing finds more files: the share would drop to 3/12; the bar holds.
    held = meter.update(Progress("Downloading", 2, 8))
    assert held.fraction == 3 / 8 and not held.first_of_phase
    assert meter.update(Progress("Listing boards", 4, 4)).fraction == 6 / 12  # moves on
    done = meter.update(Progress("Downloading", 8, 8))
    assert done.fraction == 1.0 and done.eta_s is None


def test_the_time_left_comes_from_the_whole_job_s_pace() -> None:
    clock = Clock()
    meter = JobMeter(clock)
    clock.now += 1.0
    assert meter.update(Progress("Listing boards", 1, 10)).eta_s is None  # too early to say
    clock.now += 9.0
    at_half = meter.update(Progress("Listing boards", 5, 10))
    assert at_half.eta_s is not None and abs(at_half.eta_s - 10.0) < 1e-9


def test_a_job_of_stages_in_turn_says_its_share_through_each_stage() -> None:
    got: list[float | None] = []
    meter = JobMeter()

    def sink(progress: Progress) -> None:
        got.append(meter.update(progress).fraction)

    stage(sink, 0.0, 0.2)(Progress("Reading the export", 50, 50))
    stage(sink, 0.2, 1.0)(Progress("Downloading pictures", 0, 10))
    stage(sink, 0.2, 1.0)(Progress("Downloading pictures", 5, 10))
    assert got[:2] == [0.2, 0.2]
    assert got[2] is not None and abs(got[2] - 0.6) < 1e-9
