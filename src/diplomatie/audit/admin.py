from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from diplomatie.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    """Read-only: the log is appended to by the services, never edited by hand."""

    list_display = ["sequence", "at", "action", "actor", "target_type", "target_id", "ip_address"]
    list_filter = ["action"]
    search_fields = ["action", "target_id", "actor__email"]
    readonly_fields = ["prev_hash", "hash"]
    ordering = ["-sequence"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False
