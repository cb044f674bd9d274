from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils.translation import gettext_lazy as _

from diplomatie.accounts.gate import accreditation_refusal
from diplomatie.accounts.tasks import send_account_mail


class SignInForm(AuthenticationForm):
    """E-mail and password; one message that does not tell which of the two is wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Wrong e-mail address or password. Check both and try again; "
            "the account is locked for a while after repeated failures."
        ),
        "inactive": _("This account is deactivated. Contact your administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label=_("E-mail address"),
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
        )
        self.fields["password"].label = _("Password")

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        # Told only once the password is right, so that nobody learns it otherwise.
        refusal = accreditation_refusal(user)
        if refusal is not None:
            raise ValidationError(refusal, code="accreditation_ended")


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, but the message goes out through the worker: the page answers in the
    same time whether the address has an account or not, however slow the mail relay."""

    def send_mail(  # noqa: PLR0917 (Django's signature)
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_account_mail.enqueue(subject=subject, body=body, to=[to_email], from_email=from_email)
