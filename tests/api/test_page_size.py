"""Pinterest's page sizes have one home (creator_backup/pinterest_limits.py): the client
asks for the largest page and the sandbox enforces the same bounds, as the spec gives them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from creator_backup.api.pagination import PAGE_SIZE
from creator_backup.pinterest_limits import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX

SPEC_ENV = "PINTEREST_OPENAPI_SPEC"


def test_the_client_asks_for_pinterest_s_largest_page() -> None:
    assert PAGE_SIZE == PAGE_SIZE_MAX == 250


@pytest.mark.skipif(not os.environ.get(SPEC_ENV), reason=f"{SPEC_ENV} is not set")
def test_the_page_sizes_are_the_spec_s() -> None:
    spec = json.loads(Path(os.environ[SPEC_ENV]).read_text("utf-8"))
    schema = spec["components"]["parameters"]["query_page_size"]["schema"]
    assert (schema["maximum"], schema["default"]) == (PAGE_SIZE_MAX, PAGE_SIZE_DEFAULT)
