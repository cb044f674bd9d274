from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from diplomatie.accounts.charter import MAX_TEXT


class CharterDraftForm(forms.Form):
    text_fr = forms.CharField(
        label=_("Text in French (Markdown)"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 16, "lang": "fr"}),
    )
    text_en = forms.CharField(
        label=_("Text in English (Markdown)"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 16, "lang": "en"}),
    )


class CharterAcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=_("I have read the security charter and I undertake to respect it."),
        error_messages={"required": _("Tick the box to accept the charter.")},
    )
