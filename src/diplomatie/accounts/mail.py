"""E-mails of accreditation, written in the recipient's language and sent on commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def public_url(path: str) -> str:
    return f"{settings.PUBLIC_URL}{path}"


def render_mail(template: str, context: dict[str, Any], *, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}.txt", context)
    return " ".join(subject.split()), body


def send_on_commit(template: str, context: dict[str, Any], *, to: str, language: str) -> None:
    """Render now (in the recipient's language), send once the transaction commits."""
    subject, body = render_mail(template, {**context, "language": language}, language=language)

    def send() -> None:
        send_mail(subject, body, None, [to], fail_silently=True)

    transaction.on_commit(send)
