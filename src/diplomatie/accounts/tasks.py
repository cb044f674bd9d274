"""Background work of accounts: e-mail that must not be sent while a request waits."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_account_mail(*, subject: str, body: str, to: list[str], from_email: str | None) -> None:
    """Send a message already rendered. The worker sends it, so that the time a page takes
    to answer never depends on the mail relay (a password reset would otherwise answer
    more slowly for the addresses that have an account)."""
    EmailMessage(subject, body, from_email, to).send()
