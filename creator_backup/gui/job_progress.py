"""The progress bar every long job shows (backup, restore, packet, import, moving the
archives): one bar for the whole job that never goes backwards, the step under way, and
the job's time left, in words a translation can change (QCoreApplication.translate)."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar

from creator_backup.gui.translations import translate
from creator_backup.progress import JobMeter, Overall, Progress, human_size

STEPS = 1000  # the bar's resolution: a tenth of a percent


def time_left(eta_s: float) -> str:
    """ "about 3 min left", "about 40 s left"; rounded as a person would say it."""
    if eta_s >= 90:
        minutes = round(eta_s / 60)
        return translate("JobProgress", "about %n min left", None, minutes)
    seconds = max(1, round(eta_s))
    return translate("JobProgress", "about %n s left", None, seconds)


def describe_progress(progress: Progress, overall: Overall | None = None) -> str:
    """The step under way, its count and bytes, and the whole job's time left."""
    parts = [progress.phase]
    if progress.total:
        parts.append(translate("JobProgress", "{done} of {total}").format(done=f"{progress.done:,}",
                                                     total=f"{progress.total:,}"))  # fmt: skip
    elif progress.done:
        parts.append(f"{progress.done:,}")
    if progress.bytes:
        parts.append(human_size(progress.bytes))
    eta = overall.eta_s if overall is not None else progress.eta_s
    if eta is not None and eta >= 1:
        parts.append(time_left(eta))
    return " · ".join(parts)


class JobBar(QProgressBar):
    """A job's bar: `begin` when the job starts, `show` on every step, `end` when it is
    over. Between begin and end it shows the whole job (JobMeter) and never goes back."""

    def __init__(self) -> None:
        super().__init__()
        self.meter: JobMeter | None = None
        self.last: Overall | None = None

    def begin(self) -> None:
        self.meter = JobMeter()
        self.last = None
        self.setRange(0, 0)  # busy until the first count arrives

    def show_step(self, progress: Progress) -> str:
        """Moves the bar; returns the words for the step."""
        if self.meter is None:  # a step outside a job: this step's own share
            if progress.total:
                self.setRange(0, progress.total)
                self.setValue(min(progress.done, progress.total))
            else:
                self.setRange(0, 0)
            return describe_progress(progress)
        overall = self.last = self.meter.update(progress)
        if overall.fraction is None:
            self.setRange(0, 0)
        else:
            self.setRange(0, STEPS)
            self.setValue(round(overall.fraction * STEPS))
        return describe_progress(progress, overall)

    def reset(self) -> None:
        """Empty and idle: no job shown."""
        self.meter = None
        self.last = None
        self.setRange(0, STEPS)
        self.setValue(0)

    def end(self, whole: bool) -> None:
        """Full when the job did all it set out to do; else it stays where it got to."""
        fraction = self.last.fraction if self.last is not None else None
        self.meter = None
        self.setRange(0, STEPS)
        self.setValue(STEPS if whole else round((fraction or 0.0) * STEPS))


def job_progress_bar(accessible_name: str) -> JobBar:
    bar = JobBar()
    bar.setAccessibleName(accessible_name)
    bar.setRange(0, STEPS)
    bar.setValue(0)
    return bar
