"""`creator-backup sandbox`: run the sandbox in the foreground until SIGINT or SIGTERM."""

from __future__ import annotations

import json
import signal
import sys
import threading
from typing import TextIO

from creator_backup.sandbox.config import SandboxConfig
from creator_backup.sandbox.server import Sandbox


def serve(config: SandboxConfig, json_output: bool = False, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        with Sandbox(config) as sandbox:
            info = sandbox.describe()
            if json_output:
                out.write(json.dumps(info) + "\n")
            else:
                out.write(
                    "Pinterest API sandbox is running (a local stand-in; not Pinterest).\n"
                    f"  API base:      {info['api_base']}\n"
                    f"  Media host:    {info['media_base']}\n"
                    f"  Username:      {info['username']}\n"
                    f"  Access token:  {info['access_token']}\n"
                    f"  App id:        {info['client_id']}\n"
                    f"  App secret:    {info['client_secret']}\n"
                    f"  Authorize at:  {info['authorize_url']}\n"
                    + (
                        "  Realism:       on (recorded shapes, not only the spec's)\n"
                        if info.get("realism")
                        else ""
                    )
                    + "Press Ctrl+C to stop.\n"
                )
            out.flush()
            while not stop.wait(0.5):
                pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
