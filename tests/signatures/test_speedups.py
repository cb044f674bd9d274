"""The fast hex-string reader gives what pyHanko's own reader gives."""

from __future__ import annotations

from io import BytesIO

import pytest
from pyhanko.pdf_utils.misc import PdfStreamError

from diplomatie.signatures import speedups

CASES = [
    b"<>",
    b"<48656c6c6f>",
    b"<48 65\n6C\r6c\t6f\x00>",
    b"<4865 6>",
    b"<" + b"ab" * 20000 + b"> trailing",
    b"<48656c6c6f % a comment\n 21>",
]


@pytest.mark.parametrize("raw", CASES)
def test_same_result_and_position(raw: bytes) -> None:
    fast, slow = BytesIO(raw), BytesIO(raw)
    assert speedups.read_hex_string_from_stream(fast) == speedups._original(slow)
    assert fast.tell() == slow.tell()


@pytest.mark.parametrize("raw", [b"<48zz>", b"<4865"])
def test_same_errors(raw: bytes) -> None:
    with pytest.raises(PdfStreamError):
        speedups._original(BytesIO(raw))
    with pytest.raises(PdfStreamError):
        speedups.read_hex_string_from_stream(BytesIO(raw))


def test_installed() -> None:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils import generic

    assert generic.read_hex_string_from_stream is speedups.read_hex_string_from_stream
    assert asn1_x509.NameTypeAndValue._ldap_string_prep is speedups._ldap_string_prep
    from pyhanko.sign.diff_analysis import policies

    assert policies._find_orphans is speedups._find_orphans


@pytest.mark.parametrize("value", ["Ministère  des Affaires", "ÉCOLE\u00a0x", "  a  b  ", ""])
def test_name_preparation_is_unchanged(value: str) -> None:
    assert speedups._ldap_string_prep(None, value) == speedups._original_prep(None, value)


def test_names_still_compare_by_rfc_5280() -> None:
    from asn1crypto import x509 as asn1_x509

    first = asn1_x509.Name.build({"common_name": "Henri  Dubois", "country_name": "FR"})
    second = asn1_x509.Name.build({"common_name": "henri dubois", "country_name": "FR"})
    third = asn1_x509.Name.build({"common_name": "Henri Durand", "country_name": "FR"})
    assert first == second
    assert first != third
