"""A time-stamp authority on loopback, for tests: `openssl ts -reply` behind a small HTTP
handler, so the app's RFC 3161 client talks real HTTP to a real (if throwaway) authority
and nothing in the test suite ever reaches a public one.

Each authority has its own root CA and its own TSA certificate (extendedKeyUsage
critical,timeStamping), made with the openssl command once per test session: two
instances are two authorities a reviewer could tell apart. Replies carry the signer's
certificate only: rfc3161-client rejects a reply whose certificates are not in DER set
order, which openssl does not promise when it adds a chain.
"""

from __future__ import annotations

import http.server
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

# A query is an ASN.1 structure of about 60 bytes; anything much bigger is not one.
MAX_QUERY = 64 * 1024
OPENSSL_TIMEOUT = 30

TSA_CONFIG = """\
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""

TSA_EXTENSIONS = """\
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True,
                   timeout=OPENSSL_TIMEOUT)  # fmt: skip


@dataclass(frozen=True)
class AuthorityKeys:
    """One authority's files: its root (ca.pem), its TSA certificate and key, the config
    `openssl ts -reply` reads."""

    folder: Path
    name: str

    @property
    def root_pem(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def tsa_pem(self) -> Path:
        return self.folder / "tsa.pem"

    @property
    def config(self) -> Path:
        return self.folder / "tsa.cnf"


def make_authority_keys(folder: Path, name: str) -> AuthorityKeys:
    """A throwaway root CA and a TSA certificate it signed, valid for a year (P-256 keys:
    made in milliseconds, and a second signature algorithm for the verifiers to meet)."""
    folder.mkdir(parents=True, exist_ok=True)
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "365",
             "-subj", f"/O=Test authorities/CN={name} Root CA", "-addext",
             "basicConstraints=critical,CA:TRUE", "-addext",
             "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)  # fmt: skip
    _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", "tsa.key", "-out", "tsa.csr",
             "-subj", f"/O=Test authorities/CN={name} TSA", cwd=folder)  # fmt: skip
    (folder / "tsa.ext").write_text(TSA_EXTENSIONS, encoding="utf-8")
    _openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "tsa.pem", "-days", "365", "-sha256",
             "-extfile", "tsa.ext", cwd=folder)  # fmt: skip
    (folder / "serial").write_text("01\n", encoding="utf-8")
    (folder / "tsa.cnf").write_text(TSA_CONFIG.format(dir=folder), encoding="utf-8")
    return AuthorityKeys(folder, name)


class LocalTsa:
    """An authority answering POST application/timestamp-query on 127.0.0.1. `requests`
    counts the queries it answered, `asked` every POST; `refuse` makes it answer 503, as
    a TSA that is down."""

    def __init__(self, keys: AuthorityKeys) -> None:
        self.keys = keys
        self.requests = 0
        self.asked = 0
        self.refuse = False
        # openssl reads and writes the serial file: one reply at a time.
        self._lock = threading.Lock()
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/tsa"

    def start(self) -> LocalTsa:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def reply(self, query: bytes) -> bytes:
        """`openssl ts -reply` to one query, the bytes of the TimeStampResp."""
        with self._lock, tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            (folder / "q.tsq").write_bytes(query)
            _openssl("ts", "-reply", "-config", str(self.keys.config), "-section",
                     "tsa_config", "-queryfile", "q.tsq", "-out", "r.tsr", cwd=folder)  # fmt: skip
            self.requests += 1
            return (folder / "r.tsr").read_bytes()

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        tsa = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                kind = self.headers.get("Content-Type", "")
                tsa.asked += 1
                if tsa.refuse:
                    self._answer(503, "text/plain", b"down for the test")
                    return
                if kind != "application/timestamp-query" or not 0 < length <= MAX_QUERY:
                    self._answer(400, "text/plain", b"not a time-stamp query")
                    return
                try:
                    body = tsa.reply(self.rfile.read(length))
                except subprocess.CalledProcessError:
                    self._answer(400, "text/plain", b"openssl refused the query")
                    return
                self._answer(200, "application/timestamp-reply", body)

            def _answer(self, status: int, kind: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the test's output is for the test

        return Handler
