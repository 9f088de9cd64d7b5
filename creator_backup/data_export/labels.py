"""Which of the labels the app reads an export's pins carry, and whether its page can be
read at all: the import never states what the export did not say.

Pinterest localises the export's page; the app reads the English one. A page in another
language has other labels ("Titel:", "Erstellt am:") and perhaps another heading than
`Pins`. Nothing is guessed from them: a page that lacks most of the labels the import
needs is refused, naming what it lacks; a page that has some of them is imported field by
field, a field whose label is absent left empty (a pin's `alive` unknown, never True or
False), and the result names the labels that were absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from creator_backup.data_export.parse import KNOWN, ParsedExport, PinRecord
from creator_backup.words import one_line, plural

# The labels whose values the import reads into the archive's fields.
READ_LABELS = (
    "Title", "Details", "Image", "Board Id", "Board Name", "Is Video", "Username", "Alt Text",
    "Canonical Link", "Story Pin Media", "Created at", "Alive",
)  # fmt: skip
# Those a page must mostly have to be read: with most of them absent it is another
# language's page, and an import of it would state almost nothing true.
ESSENTIAL = ("Title", "Details", "Board Name", "Created at", "Alive")
REFUSED_WHEN_ABSENT = 3  # of ESSENTIAL, absent from every pin
MAX_UNKNOWN = 50  # unknown labels kept in a result
SHOWN = 5  # names quoted in one sentence
ENGLISH = "the app reads the English export"
NAME_WIDTH = 80  # characters of a heading, label or file name quoted in a sentence


def listing(items: Sequence[str], last: str = "and", more: int = 0) -> str:
    """`A`, `A and B`, `A, B and C`; `more` names how many were left out."""
    words = list(items)
    if more > 0:
        words.append(f"{more:,} more")
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def shown(items: Sequence[str], last: str = "and") -> str:
    """The first few of a list, each on one line, then how many more."""
    quoted = [one_line(item, NAME_WIDTH) for item in items[:SHOWN]]
    return listing(quoted, last, len(items) - SHOWN)


@dataclass(frozen=True)
class LabelSurvey:
    pins: int
    absent: dict[str, int]  # a label the import reads -> the pins without it (> 0 only)
    unknown: list[str]  # labels the app does not read, in the order first met

    def absent_from_all(self) -> list[str]:
        return [label for label, count in self.absent.items() if self.pins and count == self.pins]

    def essential_absent(self) -> list[str]:
        return [label for label in self.absent_from_all() if label in ESSENTIAL]


WANTED = {label.casefold(): label for label in READ_LABELS}


class LabelTally:
    """The survey gathered one pin at a time, as the pins stream in."""

    def __init__(self) -> None:
        self.missing = dict.fromkeys(READ_LABELS, 0)
        self.unknown: dict[str, None] = {}
        self.total = 0

    def add(self, record: PinRecord) -> None:
        self.total += 1
        present = {item.label.casefold() for item in record.fields}
        for key, label in WANTED.items():
            if key not in present:
                self.missing[label] += 1
        for item in record.fields:
            if (
                item.label
                and item.label.casefold() not in KNOWN
                and len(self.unknown) < MAX_UNKNOWN
            ):
                self.unknown.setdefault(item.label, None)

    def survey(self) -> LabelSurvey:
        absent = {label: count for label, count in self.missing.items() if count}
        return LabelSurvey(self.total, absent, list(self.unknown))


def survey(pins: Iterable[PinRecord]) -> LabelSurvey:
    tally = LabelTally()
    for record in pins:
        tally.add(record)
    return tally.survey()


def refusal(parsed: ParsedExport, name: str, found: LabelSurvey | None = None) -> str | None:
    """Why the page cannot be imported, as the sentence its user reads, or None. `found`
    is the pins' survey when they were streamed (else it is made from `parsed.pins`)."""
    if not parsed.pin_count and not parsed.pins_section_found:
        links = sum(parsed.stray_pin_links.values())
        if not links:
            return (
                f"{name} has no Pins section and no pins, so the app cannot import it ({ENGLISH})."
            )
        headings = [h for h in parsed.stray_pin_links if h]
        under = f" under {shown(headings)}" if headings else ""
        return (
            f"This export's page is not in a language the app can read yet: it links to "
            f"{plural(links, 'pin', 'pins')}{under} but has no section headed Pins "
            f"({ENGLISH}), so nothing was imported."
        )
    if not parsed.pin_count and parsed.skipped:
        first = parsed.skipped[0]
        blocks = parsed.skipped_count
        return (
            f"No pin in {name} could be read ({plural(blocks, 'block', 'blocks')} "
            f"skipped; {first.where}: {first.reason}), so nothing was imported."
        )
    found = found or survey(parsed.pins)
    lacking = found.essential_absent()
    if len(lacking) < REFUSED_WHEN_ABSENT:
        return None
    whose = "its pin has" if found.pins == 1 else "its pins have"
    such = listing([one_line(label, NAME_WIDTH) for label in found.unknown[:3]])
    others = f", only others such as {such}" if found.unknown else ""
    return (
        f"This export's page is not in a language the app can read yet: {whose} none of "
        f"the labels {listing(lacking)}{others} ({ENGLISH}), so nothing was imported."
    )


# -- what an import that went ahead says -------------------------------------------------


def absent_sentences(pins: int, absent: dict[str, int]) -> list[str]:
    """The labels some or all pins lacked, and what the import did about each."""
    out = []
    everywhere = [label for label, count in absent.items() if count >= pins]
    if everywhere:
        whose = "The export's pin has" if pins == 1 else "The export's pins have"
        field = "that field was" if len(everywhere) == 1 else "those fields were"
        out.append(
            f"{whose} no {listing(everywhere, 'or')} label (its page may be partly in "
            f"another language): {field} left empty rather than guessed."
        )
    some = [(label, count) for label, count in absent.items() if count < pins]
    if some:
        parts = [f"{label} on {count:,} of the {pins:,}" for label, count in some]
        out.append(
            "Some pins have no label for a field the app reads, so it was left empty rather "
            f"than guessed: {shown(parts)}."
        )
    return out


def alive_sentence(unknown: int, pins: int) -> str:
    if unknown == pins:
        which = "its pin" if pins == 1 else f"its {pins:,} pins"
    else:
        which = f"{unknown:,} of its {pins:,} pins"
    verb, them = ("is", "it is") if unknown == 1 else ("are", "they are")
    return (
        f"The export does not say whether {which} {verb} still alive: {them} recorded as "
        "unknown, neither alive nor removed."
    )


def unknown_labels_sentence(labels: Sequence[str]) -> str:
    if len(labels) == 1:
        label = one_line(labels[0], NAME_WIDTH)
        return f"A label the app does not read was kept as the export wrote it: {label}."
    return f"Labels the app does not read were kept as the export wrote them: {shown(labels)}."


def unread_files_sentence(names: Sequence[str], total: int) -> str:
    what = plural(total, "file", "files")
    them = "it was" if total == 1 else "they were"
    quoted = [one_line(n, NAME_WIDTH) for n in names[:SHOWN]]
    return (
        f"The ZIP also holds {what} the app does not read, so {them} not imported: "
        f"{listing(quoted, more=total - min(len(names), SHOWN))}."
    )
