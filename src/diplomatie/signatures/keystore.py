"""Private keys at rest: AES-256-GCM under a key derived from the master key.

The master key is `settings.SIGNATURE_KEY` (the environment variable, else a file generated
once in the data directory with mode 0600). Each key is bound to its certificate's role and
serial number (associated data), so an encrypted key copied onto another row does not
decrypt. AES-GCM rather than password-based PKCS#8 because unlocking must cost microseconds,
not the hundred milliseconds of a password hash: the person is re-authenticated by the
signing service before a key is ever used.
"""

from __future__ import annotations

import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = b"k1"
NONCE_BYTES = 12


class KeyUnavailable(Exception):
    """A stored key does not decrypt: the master key changed or the row was tampered with."""


@lru_cache(maxsize=4)
def _cipher(master: str) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"diplomatie signature keys v1"
    ).derive(master.encode("utf-8"))
    return AESGCM(derived)


def seal_key(private_der: bytes, *, label: str) -> bytes:
    """Encrypt a PKCS#8 DER private key; `label` names its certificate (role:serial)."""
    nonce = os.urandom(NONCE_BYTES)
    cipher = _cipher(settings.SIGNATURE_KEY)
    return VERSION + nonce + cipher.encrypt(nonce, private_der, label.encode("utf-8"))


def open_key(blob: bytes, *, label: str) -> bytes:
    """The PKCS#8 DER private key sealed by `seal_key` under the same label."""
    blob = bytes(blob)
    if blob[: len(VERSION)] != VERSION:
        raise KeyUnavailable("unknown key format")
    nonce = blob[len(VERSION) : len(VERSION) + NONCE_BYTES]
    try:
        return _cipher(settings.SIGNATURE_KEY).decrypt(
            nonce, blob[len(VERSION) + NONCE_BYTES :], label.encode("utf-8")
        )
    except InvalidTag:
        raise KeyUnavailable(
            "a signing key does not decrypt with SIGNATURE_KEY (wrong master key?)"
        ) from None
