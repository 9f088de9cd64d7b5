"""Asking time-stamp authorities for tokens (RFC 3161), and checking a token later.

A token is kept with its certificate chain, signer first and root last, in PEM: it stays
verifiable after the authority's certificate expires or the authority is gone, and the
chain file is what `openssl ts -verify -CAfile` needs. Only a token that verifies against
a root the app trusts (certifi's, or one the user added) is kept.

An authority's reply is hostile input like any other: the request has timeouts and an
overall deadline, and a reply bigger than MAX_REPLY is refused unread.
"""

from __future__ import annotations

import functools
import hashlib
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import certifi
import requests
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.utils import CryptographyDeprecationWarning
from rfc3161_client import (
    TimestampRequestBuilder,
    TimeStampResponse,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from creator_backup.errors import AppError
from creator_backup.evidence.authorities import REQUIRED_STAMPS, Authorities

# A reply is a few kilobytes (a token and up to a handful of certificates).
MAX_REPLY = 256 * 1024
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0
# The whole exchange with one authority, however slowly it drips its reply.
ANSWER_DEADLINE = 30.0
# Longer chains than this are not a TSA's.
MAX_CHAIN = 8
QUERY_TYPE = "application/timestamp-query"


class StampFailed(AppError):
    """One authority gave no token the app could keep; `message` says why."""


@dataclass(frozen=True)
class Token:
    """One authority's stamp over some bytes: its reply (the .tsr) and chain (PEM)."""

    url: str
    reply: bytes
    chain_pem: bytes
    stamped_at: datetime
    authority: str  # the signing certificate's subject


@dataclass
class StampOutcome:
    tokens: list[Token] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)  # url -> sentence


@dataclass(frozen=True)
class Proof:
    """What a verified token proves: that `sha256` existed at `stamped_at`, said by
    `authority`, whose chain ends at `root` (`root_trusted`: in the app's trust store)."""

    sha256: str
    stamped_at: datetime
    authority: str
    root: str
    root_sha256: str
    root_trusted: bool


# -- trust ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def trusted_roots(root_files: tuple[Path, ...]) -> tuple[x509.Certificate, ...]:
    """certifi's roots and those in the user's PEM files (an unreadable file adds none:
    its authority's tokens then fail to verify, and say so)."""
    with warnings.catch_warnings():
        # certifi's bundle holds an old root whose serial number is not positive; it is
        # not ours to fix, and cryptography still loads it.
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        found = list(x509.load_pem_x509_certificates(Path(certifi.where()).read_bytes()))
    for path in root_files:
        try:
            found.extend(x509.load_pem_x509_certificates(path.read_bytes()))
        except (OSError, ValueError):
            continue
    return tuple(found)


def issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    if child.issuer != parent.subject:
        return False
    try:
        child.verify_directly_issued_by(parent)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def signer_certificate(
    reply: TimeStampResponse, certs: Sequence[x509.Certificate]
) -> x509.Certificate:
    """The certificate that signed the token: the one its SignerInfo names."""
    infos = list(reply.signed_data.signer_infos)
    if len(infos) != 1:
        raise StampFailed("The authority's token has not exactly one signer.")
    for cert in certs:
        if cert.issuer == infos[0].issuer and cert.serial_number == infos[0].serial_number:
            return cert
    raise StampFailed("The authority's reply lacks the certificate that signed it.")


def chain_to_root(
    leaf: x509.Certificate, offered: Sequence[x509.Certificate], roots: Sequence[x509.Certificate]
) -> list[x509.Certificate]:
    """leaf, its issuers from the reply, and the trusted root they end at."""
    chain = [leaf]
    while not issued_by(chain[-1], chain[-1]):
        issuer = next((c for c in [*offered, *roots] if issued_by(chain[-1], c)), None)
        if issuer is None or len(chain) >= MAX_CHAIN:
            raise StampFailed("The authority's certificate does not lead to a trusted root.")
        chain.append(issuer)
    if chain[-1] not in roots:
        raise StampFailed("The authority's root certificate is not a trusted one.")
    return chain


def pem(chain: Iterable[x509.Certificate]) -> bytes:
    return b"".join(cert.public_bytes(Encoding.PEM) for cert in chain)


# -- asking --------------------------------------------------------------------------------


def bounded_post(url: str, body: bytes) -> bytes:
    """POSTs a query and reads at most MAX_REPLY bytes of the answer, within the deadline."""
    deadline = time.monotonic() + ANSWER_DEADLINE
    try:
        with requests.post(url, data=body, headers={"Content-Type": QUERY_TYPE}, stream=True,
                           timeout=(CONNECT_TIMEOUT, READ_TIMEOUT)) as answer:  # fmt: skip
            if answer.status_code != 200:
                raise StampFailed(f"The authority answered HTTP {answer.status_code}.")
            if int(answer.headers.get("Content-Length") or 0) > MAX_REPLY:
                raise StampFailed("The authority's reply is too big to be a time stamp.")
            reply = bytearray()
            for chunk in answer.iter_content(16 * 1024):
                reply += chunk
                if len(reply) > MAX_REPLY:
                    raise StampFailed("The authority's reply is too big to be a time stamp.")
                if time.monotonic() > deadline:
                    raise StampFailed("The authority took too long to answer.")
            return bytes(reply)
    except requests.RequestException as exc:
        raise StampFailed(f"The authority could not be reached ({type(exc).__name__}).") from exc


def ask_authority(url: str, data: bytes, roots: Sequence[x509.Certificate]) -> Token:
    """One authority's token over `data`, verified (nonce, signer, chain to a trusted root,
    the hash) before it is kept."""
    query = (
        TimestampRequestBuilder().data(data).nonce(nonce=True).cert_request(cert_request=True)
    ).build()
    raw = bounded_post(url, query.as_bytes())
    try:
        reply = decode_timestamp_response(raw)
        offered = [x509.load_der_x509_certificate(c) for c in reply.signed_data.certificates]
        leaf = signer_certificate(reply, offered)
        chain = chain_to_root(leaf, offered, roots)
        verifier = VerifierBuilder.from_request(query).add_root_certificate(chain[-1])
        for middle in chain[1:-1]:
            verifier = verifier.add_intermediate_certificate(middle)
        verifier.build().verify_message(reply, data)
    except (ValueError, VerificationError) as exc:
        raise StampFailed(f"The authority's reply does not verify ({exc}).") from exc
    return Token(url, raw, pem(chain), reply.tst_info.gen_time, leaf.subject.rfc4514_string())


def stamp(
    data: bytes, authorities: Authorities, wanted: int = REQUIRED_STAMPS, skip: Iterable[str] = ()
) -> StampOutcome:
    """Tokens over `data` from `wanted` authorities, asked in order (those in `skip`, which
    already stamped it, are not asked again); why each one that failed did."""
    outcome = StampOutcome()
    roots = trusted_roots(authorities.root_files)
    done = set(skip)
    for url in authorities.urls:
        if len(outcome.tokens) >= wanted:
            break
        if url in done:
            continue
        try:
            outcome.tokens.append(ask_authority(url, data, roots))
        except StampFailed as exc:
            outcome.failures[url] = exc.message
    return outcome


# -- checking later ------------------------------------------------------------------------


def verify_token(
    reply_bytes: bytes, chain_pem: bytes, data: bytes, root_files: tuple[Path, ...] = ()
) -> Proof:
    """What a kept token proves about `data`; StampFailed when it proves nothing (the
    data changed, the token or the chain is damaged)."""
    try:
        reply = decode_timestamp_response(reply_bytes)
        chain = x509.load_pem_x509_certificates(chain_pem)
        if not chain:
            raise ValueError("no certificate in the chain")
        verifier = VerifierBuilder().add_root_certificate(chain[-1])
        for middle in chain[1:-1]:
            verifier = verifier.add_intermediate_certificate(middle)
        verifier.build().verify_message(reply, data)
    except (ValueError, VerificationError) as exc:
        raise StampFailed(f"The time stamp does not verify ({exc}).") from exc
    root = chain[-1]
    leaf = signer_certificate(reply, [*(x509.load_der_x509_certificate(c)
                                        for c in reply.signed_data.certificates), *chain])  # fmt: skip
    return Proof(
        sha256=hashlib.sha256(data).hexdigest(),
        stamped_at=reply.tst_info.gen_time,
        authority=leaf.subject.rfc4514_string(),
        root=root.subject.rfc4514_string(),
        root_sha256=root.fingerprint(hashes.SHA256()).hex(),
        root_trusted=root in trusted_roots(root_files),
    )
