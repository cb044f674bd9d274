from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


def _code_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=20,
        strip=True,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class SecondStepForm(forms.Form):
    """After the password: a code of the authenticator app, a recovery code, or the
    passkey's answer (filled in by passkeys.js)."""

    code = _code_field(
        _("Code"),
        _("The six digits of your authenticator app, or one of your recovery codes."),
    )
    passkey = forms.CharField(required=False, max_length=16_000, widget=forms.HiddenInput)
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class ConfirmTotpForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
        help_text=_("Type the six digits the app shows now, to prove it is set up."),
    )
    name = forms.CharField(
        label=_("Name of this device (optional)"),
        required=False,
        max_length=60,
        help_text=_("For example: work phone."),
    )


class PasskeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name of this passkey (optional)"),
        required=False,
        max_length=60,
        help_text=_("For example: laptop fingerprint reader, security key."),
    )
    passkey = forms.CharField(required=False, max_length=16_000, widget=forms.HiddenInput)


class RemoveDeviceForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = _code_field(_("or a current code of your authenticator app"))


class ResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        max_length=500,
        help_text=_("For example: phone lost, identity checked by a call to the service."),
    )
