"""Forms of accreditation: the public application, a sponsor's invitation, the decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diplomatie.accounts.accreditations import ApplicationData, one_year_after
from diplomatie.accounts.models import ExternalKind
from diplomatie.directory.models import Organisation, Sector


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class _ApplicationFields(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    kind = forms.ChoiceField(
        label=_("Applies as"), choices=ExternalKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Position"), max_length=200, required=False)
    press_card_number = forms.CharField(
        label=_("Press card number"),
        max_length=50,
        required=False,
        help_text=_("Required for a journalist."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("kind") == ExternalKind.JOURNALIST
            and not data.get("press_card_number", "").strip()
        ):
            self.add_error(
                "press_card_number",
                _("A journalist's application needs the number of their press card."),
            )
        return data


class PublicApplicationForm(_ApplicationFields):
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200)
    sponsor_email = forms.EmailField(
        label=_("Your sponsor's e-mail address"),
        max_length=254,
        help_text=_("The agent of the ministry who knows your work and answers for you."),
    )
    message = forms.CharField(
        label=_("Why you ask for access (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    field_order = [
        "full_name",
        "email",
        "kind",
        "organisation_name",
        "title",
        "press_card_number",
        "sponsor_email",
        "message",
    ]

    def application(self, *, language: str) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            full_name=data["full_name"],
            email=data["email"],
            kind=data["kind"],
            organisation_name=data["organisation_name"],
            title=data.get("title", ""),
            press_card_number=data.get("press_card_number", ""),
            message=data.get("message", ""),
            language=language,
        )


def external_organisations() -> forms.ModelChoiceField[Organisation]:
    return forms.ModelChoiceField(
        label=_("Existing organisation"),
        queryset=Organisation.objects.filter(sector=Sector.EXTERNAL).order_by("name"),
        required=False,
        empty_label=_("— a new organisation, named below —"),
    )


class InvitationForm(_ApplicationFields):
    organisation = external_organisations()
    organisation_name = forms.CharField(
        label=_("New organisation"),
        max_length=200,
        required=False,
        help_text=_(
            "Only if it is not in the list; it is created when the accreditation is accepted."
        ),
    )
    message = forms.CharField(
        label=_("Note for the administrator (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = [
        "full_name",
        "email",
        "kind",
        "organisation",
        "organisation_name",
        "title",
        "press_card_number",
        "message",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("organisation") and not data.get("organisation_name", "").strip():
            self.add_error(
                "organisation_name", _("Choose the organisation, or name the one to create.")
            )
        return data

    def application(self, *, language: str) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            full_name=data["full_name"],
            email=data["email"],
            kind=data["kind"],
            organisation=data.get("organisation"),
            organisation_name=data.get("organisation_name", ""),
            title=data.get("title", ""),
            press_card_number=data.get("press_card_number", ""),
            message=data.get("message", ""),
            language=language,
        )


def _default_expiry() -> dt.date:
    return one_year_after(timezone.localdate())


class AcceptForm(forms.Form):
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        initial=_default_expiry,
        help_text=_("One year from today at most."),
    )
    organisation = external_organisations()
    organisation_name = forms.CharField(label=_("New organisation"), max_length=200, required=False)


class RenewForm(forms.Form):
    expires_on = forms.DateField(
        label=_("New expiry date"),
        widget=DateInput(),
        initial=_default_expiry,
        help_text=_("One year from today at most."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
