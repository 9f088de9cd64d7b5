"""Settings ▸ Proof of time: the switch for trusted time stamps (RFC 3161) on every complete
backup and appeal packet, what it sends, and the addresses of the creator's own
time-stamp authorities (a qualified one, say), asked before the free public ones."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import plain_label


def authority_addresses(text: str) -> tuple[list[str], list[str]]:
    """The addresses typed (separated by spaces, commas or new lines), and of them those
    that are not a web address (http or https, with a host)."""
    words = [w for w in text.replace(",", " ").split() if w]
    good: list[str] = []
    bad: list[str] = []
    for word in words:
        try:
            parts = urlsplit(word)
            host = parts.hostname
        except ValueError:
            host = None
            parts = None
        if parts is not None and parts.scheme in ("http", "https") and host:
            if word not in good:
                good.append(word)
        else:
            bad.append(word)
    return good, bad


def refusal(bad: list[str]) -> str:
    """Why addresses were not kept, naming the first one as typed."""
    count = len(bad)
    if count == 1:
        said = translate(
            "ProofOfTime",
            "Not saved: “{address}” is not a web address. An authority's address starts "
            "with https:// (or http://), like https://freetsa.org/tsr.",
        )
    else:
        said = translate(
            "ProofOfTime",
            "Not saved: %Ln of these are not web addresses, “{address}” first. An "
            "authority's address starts with https:// (or http://), like "
            "https://freetsa.org/tsr.",
            None,
            count,
        )
    return said.format(address=bad[0][:120])


class ProofOfTimeBox(QGroupBox):
    """Emits `changed` with (timestamps on, the authorities' addresses) when the person
    changes either and the addresses are valid; an invalid address is refused with a
    sentence and nothing is saved."""

    changed = Signal(bool, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("ProofOfTime", "Proof of time"), parent)
        form = QFormLayout(self)
        self.timestamps = QCheckBox(
            translate("ProofOfTime", "Time-stamp each backup and appeal packet")
        )
        self.timestamps.toggled.connect(self._switched)
        form.addRow(self.timestamps)
        form.addRow(plain_label(translate(
            "ProofOfTime",
            "After each complete backup, and for each appeal packet, one SHA-256 fingerprint "
            "is sent to two independent time-stamp authorities, who sign the time they saw "
            "it; nothing else leaves your computer: no pictures, no names, no account.",
        ), selectable=False))  # fmt: skip
        self.authorities = QLineEdit()
        self.authorities.setAccessibleName(
            translate("ProofOfTime", "Your own time-stamp authorities")
        )
        self.authorities.setPlaceholderText(
            translate("ProofOfTime", "https://… (several separated by spaces)")
        )
        self.authorities.editingFinished.connect(self._addresses_edited)
        form.addRow(translate("ProofOfTime", "Your own authorities:"), self.authorities)
        form.addRow(plain_label(translate(
            "ProofOfTime",
            "Optional. An authority of your own (a qualified one under eIDAS, say) is asked "
            "first; the free public authorities make up the rest.",
        ), selectable=False))  # fmt: skip
        self.problem: QLabel = plain_label("")
        self.problem.setAccessibleName(translate("ProofOfTime", "Problem with the addresses"))
        self.problem.hide()
        form.addRow(self.problem)
        self._loading = False
        self._saved: list[str] = []

    def show_settings(self, timestamps: bool, urls: list[str]) -> None:
        self._loading = True
        self.timestamps.setChecked(timestamps)
        self._saved = list(urls)
        self.authorities.setText(" ".join(urls))
        self.authorities.setEnabled(timestamps)
        self.problem.hide()
        self._loading = False

    def _switched(self, on: bool) -> None:
        self.authorities.setEnabled(on)
        if not self._loading:
            self.changed.emit(on, list(self._saved))

    def _addresses_edited(self) -> None:
        if self._loading:
            return
        good, bad = authority_addresses(self.authorities.text())
        if bad:
            self.problem.setText(refusal(bad))
            self.problem.show()
            return
        self.problem.hide()
        if good != self._saved:
            self._saved = good
            self.changed.emit(self.timestamps.isChecked(), good)
