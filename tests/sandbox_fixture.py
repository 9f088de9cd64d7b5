"""The one way tests start sandboxes: `make_sandbox(**SandboxConfig fields)`, each stopped
after its test. The fixture itself is in tests/conftest.py; what differs between folders
is only the fields a sandbox starts with (`sandbox_defaults`, which a folder's conftest may
override), never how sandboxes are started or stopped."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from creator_backup.sandbox import Sandbox, SandboxConfig

# Most tests write to the account and want it predictable: no random section conflicts.
# And every output must survive hostile names (markup, formulas, paths, device names,
# titles at the length limits), so tests' accounts carry them unless a test asks for the
# believable creator the demo shows (hostile=False).
PREDICTABLE_WRITES: Mapping[str, Any] = {"section_conflict_rate": 0.0, "hostile": True}

MakeSandbox = Callable[..., Sandbox]


class SandboxFactory:
    """Starts sandboxes with `defaults` overlaid by the given SandboxConfig fields;
    `stop_all` ends every one it started."""

    def __init__(self, defaults: Mapping[str, Any] = PREDICTABLE_WRITES) -> None:
        self.defaults = dict(defaults)
        self.started: list[Sandbox] = []

    def __call__(self, **fields: Any) -> Sandbox:
        sandbox = Sandbox(SandboxConfig(**{**self.defaults, **fields})).start()
        self.started.append(sandbox)
        return sandbox

    def stop_all(self) -> None:
        for sandbox in self.started:
            sandbox.stop()
        self.started.clear()
