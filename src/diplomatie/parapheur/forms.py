from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from diplomatie.directory.models import Agent
from diplomatie.parapheur.actions import StepSpec
from diplomatie.parapheur.models import CircuitTemplate, Quorum, StepKind

AD_HOC_ROWS = 5


class ActForm(forms.Form):
    """What every act carries: the version of the circuit the actor saw, and — for a
    delegate — whom they act for."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    for_agent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SignForm(ActForm):
    """A signature or a cachet is confirmed with the second factor: a fresh code of the
    authenticator app, or the passkey (its answer is put in `passkey` by passkeys.js)."""

    code = forms.CharField(
        label=_("Code of your authenticator app"),
        required=False,
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
        help_text=_("The six digits your app shows now."),
    )
    passkey = forms.CharField(required=False, max_length=16_000, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("code") and not data.get("passkey"):
            raise forms.ValidationError(
                _("Type the code of your authenticator app, or use your passkey, to sign.")
            )
        return data


class RejectForm(ActForm):
    reason = forms.CharField(
        label=_("Reason of the rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The document returns to its author with this reason."),
    )


class StartForm(forms.Form):
    """Either a template of the author's organisations, or steps composed here."""

    template = forms.ModelChoiceField(
        label=_("Circuit template"),
        queryset=CircuitTemplate.objects.none(),
        required=False,
        empty_label=_("— Compose the steps below —"),
    )

    def __init__(self, *args: Any, templates: list[CircuitTemplate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = CircuitTemplate.objects.filter(pk__in=[t.pk for t in templates])
        field.label_from_instance = lambda obj: f"{obj.organisation.label} — {obj.name}"  # type: ignore[method-assign]
        for n in range(1, AD_HOC_ROWS + 1):
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=_("Step %(n)s") % {"n": n},
                choices=[("", _("(none)")), *StepKind.choices],
                required=False,
            )
            self.fields[f"people_{n}"] = forms.CharField(
                label=_("People of step %(n)s (e-mail addresses)") % {"n": n},
                required=False,
                max_length=1000,
            )
            self.fields[f"quorum_{n}"] = forms.ChoiceField(
                label=_("Who must act in step %(n)s") % {"n": n},
                choices=Quorum.choices,
                required=False,
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"kind_{n}"], self[f"people_{n}"], self[f"quorum_{n}"])
            for n in range(1, AD_HOC_ROWS + 1)
        ]

    def step_specs(self) -> list[StepSpec]:
        specs: list[StepSpec] = []
        for n in range(1, AD_HOC_ROWS + 1):
            kind = self.cleaned_data.get(f"kind_{n}")
            if not kind:
                continue
            emails = [
                e.strip().lower()
                for e in self.cleaned_data.get(f"people_{n}", "").replace(";", ",").split(",")
                if e.strip()
            ]
            agents = list(Agent.objects.filter(email__in=emails, is_active=True))
            missing = set(emails) - {a.email.lower() for a in agents}
            if missing:
                self.add_error(
                    f"people_{n}",
                    _("Nobody has the address %(email)s.") % {"email": sorted(missing)[0]},
                )
            specs.append(
                StepSpec(
                    kind=kind,
                    quorum=self.cleaned_data.get(f"quorum_{n}") or Quorum.ANY,
                    agents=agents,
                )
            )
        return specs


class DelegationForm(forms.Form):
    delegate = forms.EmailField(label=_("E-mail address of your delegate"))
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
