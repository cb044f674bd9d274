"""Forms that turn what a person typed into `DraftData`, with messages in their language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from diplomatie.access.querysets import visible_organisations
from diplomatie.access.writing import (
    addressable_organisations,
    addresses,
    authorable_kinds,
    sendable_issuers,
    usable_distribution_lists,
    writable_communities,
)
from diplomatie.communities.models import Community
from diplomatie.core.errors import InvalidInput
from diplomatie.directory.models import Agent, Organisation
from diplomatie.publications.actions import (
    DraftData,
    check_classification,
    normalise_tags,
)
from diplomatie.publications.models import (
    Audience,
    Classification,
    Kind,
    Precedence,
    Publication,
    ReferenceKind,
    Theme,
    ThemeKind,
)
from diplomatie.publications.models.publication import LANGUAGES
from diplomatie.routing.models import DistributionList


class OrganisationChoiceField(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        indent = "\u2003" * max(obj.depth - 1, 0)
        return f"{indent}{obj.label}"


class OrganisationMultipleChoiceField(forms.ModelMultipleChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        indent = "\u2003" * max(obj.depth - 1, 0)
        return f"{indent}{obj.label}"


def theme_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Regions, topics and countries as three groups, each sorted by its shown name."""
    groups: dict[str, list[tuple[int, str]]] = {k: [] for k in ThemeKind.values}
    for theme in Theme.objects.filter(active=True):
        groups[theme.kind].append((theme.pk, theme.display_name))
    return [
        (str(ThemeKind(kind).label), sorted(groups[kind], key=lambda c: c[1]))
        for kind in (ThemeKind.REGION, ThemeKind.TOPIC, ThemeKind.COUNTRY)
    ]


class PublicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    issuer = OrganisationChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    subject = forms.CharField(label=_("Subject"), max_length=300)
    summary = forms.CharField(
        label=_("Summary (résumé)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a telegram: it stands above the body."),
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italic*, lists, tables, links."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="fr")
    classification = forms.CharField(
        label=_("Classification"),
        initial=Classification.NP,
        widget=forms.Select(choices=Classification.choices),
        help_text=_("Nothing above Diffusion Restreinte may be stored here."),
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        initial=Audience.ADDRESSEES,
        help_text=_("Diffusion Restreinte means addressees only."),
    )
    precedence = forms.ChoiceField(
        label=_("Precedence"),
        choices=Precedence.choices,
        initial=Precedence.ROUTINE,
        help_text=_("Telegrams only. Immediate and flash must be acknowledged."),
    )
    action_to = OrganisationChoiceField(
        label=_("For action"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The one organisation that must handle it."),
    )
    info_to = OrganisationMultipleChoiceField(
        label=_("For information"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    lists = forms.ModelMultipleChoiceField(
        label=_("Distribution lists"),
        queryset=DistributionList.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    themes = forms.TypedMultipleChoiceField(
        label=_("Themes and countries"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Up to five, separated by commas."),
    )
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.none(),
        required=False,
        help_text=_("An article published in a community is read by its members only."),
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    supersedes = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, agent: Agent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agent = agent
        # Every choice comes from the writing policy, which the actions check again.
        kinds = authorable_kinds(agent)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [(k, Kind(k).label) for k in kinds]
        if self.initial.get("kind") not in kinds and kinds:
            self.initial["kind"] = kinds[0]
        issuer_field = self.fields["issuer"]
        assert isinstance(issuer_field, forms.ModelChoiceField)
        issuer_field.queryset = sendable_issuers(agent).order_by("path")
        self.addressing = addresses(agent)
        if self.addressing:
            organisations = addressable_organisations(agent).order_by("path")
            for name in ("action_to", "info_to"):
                field = self.fields[name]
                assert isinstance(field, forms.ModelChoiceField)
                field.queryset = organisations
            lists_field = self.fields["lists"]
            assert isinstance(lists_field, forms.ModelChoiceField)
            lists_field.queryset = usable_distribution_lists(agent)
        else:
            # An external member writes articles in a community: no addressees, no
            # distribution lists, no precedence, always Non protégé.
            for name in ("action_to", "info_to", "lists", "precedence", "audience"):
                del self.fields[name]
            self.fields["classification"].widget = forms.HiddenInput()
        community_field = self.fields["community"]
        assert isinstance(community_field, forms.ModelChoiceField)
        community_field.queryset = writable_communities(agent).order_by("name")
        community_field.required = not self.addressing
        themes_field = self.fields["themes"]
        assert isinstance(themes_field, forms.ChoiceField)
        themes_field.choices = theme_choices()

    def clean_themes(self) -> list[Theme]:
        ids = self.cleaned_data.get("themes") or []
        return list(Theme.objects.filter(pk__in=ids, active=True))

    def clean_classification(self) -> str:
        try:
            return check_classification(str(self.cleaned_data["classification"]))
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_tags(self) -> list[str]:
        raw = str(self.cleaned_data.get("tags") or "")
        try:
            return normalise_tags(raw.split(","))
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc)) from None

    def draft_data(self, references: list[tuple[str, Publication]]) -> DraftData:
        data = self.cleaned_data
        return DraftData(
            kind=data["kind"],
            subject=data["subject"],
            issuer=data["issuer"],
            body=data["body"],
            summary=data["summary"],
            language=data["language"],
            classification=data["classification"],
            audience=data.get("audience") or Audience.ADDRESSEES,
            precedence=data.get("precedence") or Precedence.ROUTINE,
            action_to=data.get("action_to"),
            info_to=list(data.get("info_to") or []),
            lists=list(data.get("lists") or []),
            themes=list(data["themes"]),
            tags=data["tags"],
            coauthors=None,
            references=references,
            community=data.get("community"),
        )


def initial_from(publication: Publication) -> dict[str, Any]:
    """The form's initial values for an existing draft."""
    addressings = list(publication.addressings.all())
    action = next((a.organisation_id for a in addressings if a.mode == "action"), None)
    return {
        "kind": publication.kind,
        "issuer": publication.issuer_id,
        "subject": publication.subject,
        "summary": publication.summary,
        "body": publication.body,
        "language": publication.language,
        "classification": publication.classification,
        "audience": publication.audience,
        "precedence": publication.precedence,
        "action_to": action,
        "info_to": [a.organisation_id for a in addressings if a.mode == "information"],
        "community": publication.community_id,
        "themes": list(publication.themes.values_list("pk", flat=True)),
        "tags": ", ".join(publication.tags.values_list("name", flat=True)),
        "reply_to": next(
            (r.target_id for r in publication.references.all() if r.kind == ReferenceKind.REPLY),
            None,
        ),
        "supersedes": next(
            (
                r.target_id
                for r in publication.references.all()
                if r.kind == ReferenceKind.SUPERSEDES
            ),
            None,
        ),
    }


class ArticleEditForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 14}))


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label=_("Attachment"))


class CloseTaskForm(forms.Form):
    note = forms.CharField(
        label=_("Closing note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RerouteForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Re-route to"), queryset=Organisation.objects.none()
    )
    note = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, agent: Agent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visible_organisations(agent).order_by("path")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=Agent.objects.none())

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members
