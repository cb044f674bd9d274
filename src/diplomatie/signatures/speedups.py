"""Two speed-ups for pyHanko and asn1crypto, installed when the app starts.

1. A faster hex-string reader.

pyHanko reads a PDF hex string one byte at a time through a generator; a signature's
/Contents is a hex string of 10 to 30 kB, so reading the signatures of a file with twenty of
them took most of the verification time (and a tenth of each signature, which reads the
certification first). This reader finds the closing `>` in 8 kB chunks and decodes the
digits at once. Same result, same errors; anything unusual (a comment inside the string)
falls back to pyHanko's own reader. Tested against it in tests/signatures/test_speedups.py.

2. A cache for asn1crypto's RFC 4518 string preparation of name attributes. Comparing two
certificate names prepares every attribute (Unicode tables, per character); asn1crypto
caches the result per parsed object only, and each signature brings freshly parsed
copies of the same few names, so a verification spent a seventh of its time there. The
preparation is a pure function of the string, so a bounded cache keyed by it is exact.

3. The orphaned objects of a revision, remembered per revision. pyHanko's analysis of the
changes after each signature reviews every later revision, so with twenty signatures
the same revision is examined up to twenty times; which of its new objects nothing
references depends on that revision alone (pyHanko's reader keeps one resolver object
per revision), so the answer is computed once and a copy handed out each time.
"""

from __future__ import annotations

import binascii
import os
import re
import weakref
from functools import lru_cache
from typing import IO, Any

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PDF_WHITESPACE, PdfStreamError
from pyhanko.sign.diff_analysis import policies

_original = generic.read_hex_string_from_stream
_HEX = re.compile(rb"[0-9a-fA-F]*")
CHUNK = 8192


def read_hex_string_from_stream(stream: IO[bytes]) -> Any:
    start = stream.tell()
    stream.read(1)  # the opening "<"
    chunks: list[bytes] = []
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            raise PdfStreamError("Stream ended prematurely")
        end = chunk.find(b">")
        if end >= 0:
            chunks.append(chunk[:end])
            stream.seek(end + 1 - len(chunk), os.SEEK_CUR)
            break
        chunks.append(chunk)
    digits = b"".join(chunks)
    if b"%" in digits:  # a comment: let pyHanko handle the oddity
        stream.seek(start)
        return _original(stream)
    digits = digits.translate(None, PDF_WHITESPACE)
    if not _HEX.fullmatch(digits):
        bad = next(bytes([c]) for c in digits if bytes([c]) not in generic.HEX_DIGITS)
        raise PdfStreamError("Unexpected token in hex string: " + repr(bad))
    if len(digits) % 2:
        digits += b"0"
    return generic.pdf_string(binascii.unhexlify(digits))


_original_prep = asn1_x509.NameTypeAndValue._ldap_string_prep


@lru_cache(maxsize=4096)
def _prepared(string: str) -> str:
    return str(_original_prep(None, string))


def _ldap_string_prep(self: Any, string: str) -> str:
    return _prepared(string)


_original_find_orphans = policies._find_orphans
_orphans: weakref.WeakKeyDictionary[Any, frozenset[Any]] = weakref.WeakKeyDictionary()


def _find_orphans(hist_rev: Any) -> set[Any]:
    found = _orphans.get(hist_rev)
    if found is None:
        found = frozenset(_original_find_orphans(hist_rev))
        _orphans[hist_rev] = found
    return set(found)


def install() -> None:
    generic.read_hex_string_from_stream = read_hex_string_from_stream
    asn1_x509.NameTypeAndValue._ldap_string_prep = _ldap_string_prep
    policies._find_orphans = _find_orphans
