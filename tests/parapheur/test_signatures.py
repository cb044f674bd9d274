"""The acceptance of the circuit with real signatures: visa → signature → signature →
cachet gives a PDF with the seal's certification, two agents' signatures, the cachet and
the archival timestamp, valid for the project's verifier and for pyHanko's own
command-line validator, offline; one changed byte makes both report it invalid. And a
revoked signer cannot sign."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diplomatie.core.errors import DiplomatieError
from diplomatie.parapheur import actions, documents
from diplomatie.parapheur.actions import StepSpec
from diplomatie.parapheur.models import Act, ActKind, Circuit, CircuitState, StepKind, StepState
from tests.factories import PASSWORD
from tests.parapheur.conftest import REAL_PKI, Cast, full_circuit, make_letter

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REAL_PKI, reason="the signatures app is not merged yet"),
]
PYHANKO = Path(sys.executable).parent / "pyhanko"


def open_step(circuit: Circuit):  # type: ignore[no-untyped-def]
    return circuit.steps.get(state=StepState.OPEN)


def offline() -> list[str]:
    """`unshare -rn` (a network namespace of its own: no network at all) where allowed;
    elsewhere the proxies below point nowhere."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], check=False).returncode == 0:
        return [unshare, "-rn"]
    return []


def pyhanko_verify(path: Path, root: Path) -> subprocess.CompletedProcess[str]:
    """pyHanko's validator, trusting only our root, with no network at all (the
    revocation information it needs is embedded in the file)."""
    command = [str(PYHANKO), "sign", "adesverify", "--trust-replace", "--trust", str(root)]
    return subprocess.run(
        [*offline(), *command, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "http_proxy": "http://127.0.0.1:9",
            "https_proxy": "http://127.0.0.1:9",
            "HOME": str(root.parent),
        },
    )


def tamper(pdf: bytes) -> bytes:
    """Change one byte inside the first revision's first stream: content every signature covers."""
    start = pdf.index(b"stream", pdf.index(b"obj")) + len(b"stream\n") + 20
    assert start < pdf.index(b"%%EOF")
    return pdf[:start] + bytes([pdf[start] ^ 0x01]) + pdf[start + 1 :]


def test_the_signed_letter_is_valid_everywhere_and_one_byte_breaks_it(
    cast: Cast, tmp_path: Path
) -> None:
    services = documents._services()
    letter = make_letter(cast)
    circuit = actions.do_start_circuit(cast.author, letter, steps=full_circuit(cast))
    actions.do_visa(cast.visa, open_step(circuit))
    actions.do_sign(cast.signer, open_step(circuit), password=PASSWORD)
    actions.do_sign(cast.director, open_step(circuit), password=PASSWORD)
    actions.do_cachet(cast.protocol_head, open_step(circuit), password=PASSWORD)
    circuit.refresh_from_db()
    assert circuit.state == CircuitState.COMPLETED
    pdf = documents.load(circuit.document_sha256)

    report = services.verify(pdf)
    assert report.valid, report.explanation
    kinds = [s.kind for s in report.signatures]
    assert kinds[0] == "certification", kinds
    approvals = [s for s in report.signatures if s.kind == "approval"]
    assert [s.signer_email for s in approvals[:2]] == [cast.signer.email, cast.director.email]
    assert len(approvals) == 3  # two agents and the cachet (the seal's approval signature)
    assert kinds[-1] == "timestamp"
    assert all(s.valid and s.intact and s.trusted for s in report.signatures)

    root = tmp_path / "root.pem"
    root.write_bytes(services.root_certificate_pem())
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(pdf)
    result = pyhanko_verify(signed, root)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.count(":") >= 3]
    assert [line.split(":", 1)[0] for line in lines] == [
        "certification",
        "step2",
        "step3",
        "step4",
    ], result.stdout
    assert all(":INTACT:TRUSTED," in line for line in lines), result.stdout
    assert "EXTENDED_WITH_LTA_UPDATES" in lines[-1]  # the archival timestamp closes it

    broken = tamper(pdf)
    assert not services.verify(broken).valid
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(broken)
    result = pyhanko_verify(bad, root)
    assert result.returncode != 0, result.stdout


def test_a_revoked_signer_cannot_sign(cast: Cast) -> None:
    services = documents._services()
    circuit = actions.do_start_circuit(
        cast.author,
        make_letter(cast),
        steps=[StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer])],
    )
    services.ensure_certificate(cast.signer)
    services.revoke_certificate(cast.signer, actor=None)
    with pytest.raises(DiplomatieError):
        actions.do_sign(cast.signer, open_step(circuit), password=PASSWORD)
    circuit.refresh_from_db()
    assert circuit.document_sha256 == circuit.frozen_sha256
    assert not Act.objects.filter(circuit=circuit, kind=ActKind.SIGN).exists()
    assert open_step(circuit).kind == StepKind.SIGNATURE
