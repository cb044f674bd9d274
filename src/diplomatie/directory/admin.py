from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from diplomatie.audit.admin_changes import AuditedAdminMixin
from diplomatie.directory.models import Agent, Membership, Organisation


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation", "agent"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, TreeAdmin):  # type: ignore[misc]
    form = movenodeform_factory(Organisation, exclude=["sector"])
    list_display = ["name", "acronym", "kind", "country", "city"]
    list_filter = ["kind", "sector"]
    search_fields = ["name", "name_en", "acronym", "code", "city"]
    inlines = [MembershipInline]


class AgentCreationForm(AdminUserCreationForm):
    class Meta:
        model = Agent
        fields = ("email", "display_name")


class AgentChangeForm(UserChangeForm[Agent]):
    class Meta:
        model = Agent
        fields = "__all__"


@admin.register(Agent)
class AgentAdmin(AuditedAdminMixin, UserAdmin):  # type: ignore[type-arg]
    form = AgentChangeForm
    add_form = AgentCreationForm
    ordering = ["display_name"]
    list_display = ["display_name", "email", "title", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "preferred_language"]
    search_fields = ["display_name", "email", "title", "title_en"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Identity"),
            {
                "fields": (
                    "display_name",
                    "title",
                    "title_en",
                    "preferred_language",
                    "phone",
                    "photo",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")},
        ),
    )


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin):
    list_display = ["agent", "organisation", "role", "start", "end"]
    list_filter = ["role"]
    search_fields = ["agent__display_name", "agent__email", "organisation__name"]
    autocomplete_fields = ["agent", "organisation"]


# Groups carry permissions: their changes are audited like the agents'.
admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdminMixin, GroupAdmin):
    pass
