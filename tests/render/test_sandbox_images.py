"""Qt decodes the sandbox's generated images: real PNGs of the declared size, not blank.
(Here, not in tests/sandbox, because it loads Qt: a run of the sandbox's tests does not.)"""

from __future__ import annotations

from PySide6.QtGui import QImage

from tests.sandbox.helpers import Client, get_media
from tests.sandbox_fixture import SandboxFactory


def test_qt_decodes_a_sandbox_image(make_sandbox: SandboxFactory) -> None:
    client = Client(make_sandbox(seed=11, boards=10, pins=300))
    try:
        images = client.state(media=True)["pins"][0]["media"]["images"]
    finally:
        client.close()
    for variant in ("150x150", "1200x"):
        data = get_media(images[variant]["url"]).content
        image = QImage.fromData(data)
        assert not image.isNull()
        assert (image.width(), image.height()) == (
            images[variant]["width"],
            images[variant]["height"],
        )
        # Not a blank canvas: the generator draws colour bands and noise.
        colours = {image.pixel(x, image.height() // 2) for x in range(0, image.width(), 7)}
        assert len(colours) > 1
