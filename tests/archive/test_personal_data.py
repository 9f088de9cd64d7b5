"""Personal fields are hidden from every output, whatever their spelling or depth."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from creator_backup.archive.personal_data import REDACTED, is_personal_field, redact_personal


def test_every_spelling_of_an_ip_field_is_personal() -> None:
    for name in ("Ip Address", "ip_address", "IP-Address", "ipAddress", "IPv6"):
        assert is_personal_field(name), name
    for name in ("Title", "Details", "zip", "description", "pin_id"):
        assert not is_personal_field(name), name


def test_nested_fields_are_redacted_and_reported() -> None:
    raw: dict[str, Any] = {
        "id": "1",
        "title": "a title",
        "data_export": {"Ip Address": "203.0.113.9", "Title": "x"},
        "history": [{"ip": "198.51.100.1"}, {"ip": ""}],
    }
    copy, paths = redact_personal(raw)
    assert copy["data_export"]["Ip Address"] == REDACTED
    assert copy["history"][0]["ip"] == REDACTED
    assert copy["history"][1]["ip"] == ""  # nothing to hide, nothing reported
    assert copy["title"] == "a title"
    assert paths == ["data_export.Ip Address", "history[0].ip"]
    assert raw["data_export"]["Ip Address"] == "203.0.113.9"  # the original is untouched


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "Ip Address", "ip", "b c"]), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_no_personal_value_survives(value: Any) -> None:
    copy, _ = redact_personal(value)

    def check(node: Any) -> None:
        if isinstance(node, dict):
            for key, item in node.items():
                if is_personal_field(key) and item not in (None, ""):
                    assert item == REDACTED
                else:
                    check(item)
        elif isinstance(node, list):
            for item in node:
                check(item)

    check(copy)
