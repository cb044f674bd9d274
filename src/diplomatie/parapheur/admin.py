from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from diplomatie.audit.recorder import record_event
from diplomatie.parapheur.models import CircuitTemplate, Delegation, TemplateStep


class TemplateStepInline(admin.TabularInline[TemplateStep, CircuitTemplate]):
    model = TemplateStep
    extra = 1
    autocomplete_fields = ["agents", "role_organisation"]


@admin.register(CircuitTemplate)
class CircuitTemplateAdmin(admin.ModelAdmin[CircuitTemplate]):
    list_display = ["name", "organisation", "active"]
    list_filter = ["active"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    inlines = [TemplateStepInline]

    def save_related(
        self, request: HttpRequest, form: ModelForm[CircuitTemplate], formsets: Any, change: bool
    ) -> None:
        """The admin's change is recorded in the audit log (same transaction)."""
        super().save_related(request, form, formsets, change)
        template = form.instance
        record_event(
            "parapheur.template_change" if change else "parapheur.template_create",
            actor=request.user if request.user.is_authenticated else None,
            target=template,
            details={"organisation": template.organisation_id, "steps": template.steps.count()},
            request=request,
        )


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin[Delegation]):
    list_display = ["agent", "delegate", "starts_on", "ends_on", "cancelled"]
    autocomplete_fields = ["agent", "delegate"]
