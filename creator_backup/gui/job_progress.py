"""The progress bar every long job shows (backup, restore, packet), and its words."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar

from creator_backup.progress import Progress, human_size


def describe_progress(progress: Progress) -> str:
    parts = [progress.phase]
    if progress.total:
        parts.append(f"{progress.done:,} of {progress.total:,}")
    elif progress.done:
        parts.append(f"{progress.done:,}")
    if progress.bytes:
        parts.append(human_size(progress.bytes))
    if progress.eta_s is not None and progress.eta_s >= 1:
        minutes, seconds = divmod(int(progress.eta_s), 60)
        parts.append(f"about {minutes} min {seconds:02d} s left" if minutes else
                     f"about {seconds} s left")  # fmt: skip
    return " · ".join(parts)


def job_progress_bar(accessible_name: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setAccessibleName(accessible_name)
    bar.setRange(0, 1)
    bar.setValue(0)
    return bar


def show_progress(bar: QProgressBar, progress: Progress) -> str:
    """Moves the bar (busy while the total is unknown); returns the words for it."""
    if progress.total:
        bar.setRange(0, progress.total)
        bar.setValue(min(progress.done, progress.total))
    else:
        bar.setRange(0, 0)
    return describe_progress(progress)
