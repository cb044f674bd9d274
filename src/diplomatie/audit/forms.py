from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from diplomatie.audit.selectors import EventFilters


class EventFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Actor's e-mail"), required=False, max_length=254, help_text=_("or part of it")
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=60,
        help_text=_("or its beginning, e.g. auth. or publication.read"),
    )
    target_type = forms.CharField(
        label=_("Object type"),
        required=False,
        max_length=60,
        help_text=_("e.g. publications.publication"),
    )
    target_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date comes before the start date."))
        return data

    def filters(self) -> EventFilters:
        """The valid filters (none when the form is invalid)."""
        if not self.is_valid():
            return EventFilters()
        data = self.cleaned_data
        return EventFilters(
            actor=data["actor"].strip(),
            action=data["action"].strip(),
            target_type=data["target_type"].strip().lower(),
            target_id=data["target_id"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
