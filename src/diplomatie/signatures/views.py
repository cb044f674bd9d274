"""The authority's public files (CRLs, certificates) and the verification page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from diplomatie.core.errors import InvalidInput
from diplomatie.signatures.forms import VerifyForm
from diplomatie.signatures.models import CertificateRole
from diplomatie.signatures.pki import (
    current_crl,
    issuing_certificate_der,
    root_certificate_der,
    root_certificate_pem,
)
from diplomatie.signatures.verification import verify

PUBLIC_CACHE = "public, max-age=300"


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = PUBLIC_CACHE
    return response


@login_not_required
@require_GET
def crl(request: HttpRequest) -> HttpResponse:
    """The issuing authority's CRL (DER), the address printed in every certificate."""
    return _file(bytes(current_crl().der), "application/pkix-crl", "diplomatie.crl")


@login_not_required
@require_GET
def root_crl(request: HttpRequest) -> HttpResponse:
    """The root's CRL (DER): revocation status of the issuing authority."""
    row = current_crl(CertificateRole.ROOT)
    return _file(bytes(row.der), "application/pkix-crl", "diplomatie-racine.crl")


@login_not_required
@require_GET
def root_pem(request: HttpRequest) -> HttpResponse:
    return _file(root_certificate_pem(), "application/x-pem-file", "diplomatie-racine.pem")


@login_not_required
@require_GET
def root_cer(request: HttpRequest) -> HttpResponse:
    return _file(root_certificate_der(), "application/pkix-cert", "diplomatie-racine.cer")


@login_not_required
@require_GET
def issuing_cer(request: HttpRequest) -> HttpResponse:
    return _file(issuing_certificate_der(), "application/pkix-cert", "diplomatie-autorite.cer")


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    """Any signed-in agent uploads a PDF and reads the report; the file is not kept."""
    report = None
    status = 200
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = verify(form.cleaned_data["document"])
            except InvalidInput as exc:
                form.add_error("document", str(exc.message))
        if not form.is_valid():
            status = 400
    else:
        form = VerifyForm()
    return render(
        request, "signatures/verify.html", {"form": form, "report": report}, status=status
    )
