from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from diplomatie.communities.models import Access


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown. What the community is for, and who should join."),
    )
    access = forms.ChoiceField(label=_("Who may join"), choices=Access.choices)
    open_to_externals = forms.BooleanField(
        label=_("Open to external members (journalists, NGOs, companies)"), required=False
    )


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the moderators (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the colleague to invite"))


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Markdown. Mention a colleague with @ and their e-mail address before the @, "
            "e.g. @camille.laurent."
        ),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this comment abusive?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WikiForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown. Link another page of this wiki with [[Its title]]."),
    )
    comment = forms.CharField(label=_("Summary of the change"), required=False, max_length=300)
