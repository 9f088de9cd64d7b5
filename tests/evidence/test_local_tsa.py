"""The loopback authority the stamping tests rely on: it answers real queries with
tokens openssl verifies against its own root only, and it is not the default."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import requests
from rfc3161_client import TimestampRequestBuilder

from creator_backup.evidence.authorities import TSA_URLS_ENV, choose_authorities
from tests.evidence.tsa import LocalTsa


def openssl_verifies(data: Path, reply: Path, ca_file: Path) -> bool:
    run = subprocess.run(["openssl", "ts", "-verify", "-data", str(data), "-in", str(reply),
                          "-CAfile", str(ca_file)], capture_output=True, check=False,
                         timeout=30)  # fmt: skip
    return run.returncode == 0


def test_no_test_asks_a_public_authority_by_default() -> None:
    assert os.environ[TSA_URLS_ENV] == ""
    assert not choose_authorities(enabled=True).enabled


def test_each_local_authority_answers_and_only_its_own_root_verifies(
    local_tsas: tuple[LocalTsa, LocalTsa], tmp_path: Path
) -> None:
    data = tmp_path / "data.txt"
    data.write_bytes(b"a manifest\n")
    query = TimestampRequestBuilder().data(data.read_bytes()).nonce(nonce=True)
    query = query.cert_request(cert_request=True)
    for number, tsa in enumerate(local_tsas):
        answer = requests.post(tsa.url, data=query.build().as_bytes(), timeout=30,
                               headers={"Content-Type": "application/timestamp-query"})  # fmt: skip
        assert answer.status_code == 200
        reply = tmp_path / f"{number}.tsr"
        reply.write_bytes(answer.content)
        assert openssl_verifies(data, reply, tsa.keys.root_pem)
        other = local_tsas[1 - number].keys.root_pem
        assert not openssl_verifies(data, reply, other)
    data.write_bytes(b"a manifesT\n")
    assert not openssl_verifies(data, tmp_path / "0.tsr", local_tsas[0].keys.root_pem)
    assert [tsa.requests for tsa in local_tsas] == [1, 1]
    assert set(os.environ[TSA_URLS_ENV].split()) == {tsa.url for tsa in local_tsas}
