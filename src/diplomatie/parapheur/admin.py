from django.contrib import admin

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


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin[Delegation]):
    list_display = ["agent", "delegate", "starts_on", "ends_on", "cancelled"]
    autocomplete_fields = ["agent", "delegate"]
