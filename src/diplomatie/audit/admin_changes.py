"""Changes made in Django's admin go to the audit log too.

The admin writes models directly, outside the services that record events; a ModelAdmin
that mixes in `AuditedAdminMixin` records each object added, changed or deleted — and
each row of its inline formsets (memberships of an agent or an organisation) — with the
fields' values before and after, in the admin's own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest

from diplomatie.audit.recorder import record_event

SECRET_FIELDS = frozenset({"password", "password1", "password2"})


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(str(item) for item in value)
    return value


def form_changes(form: ModelForm[Any], *, adding: bool) -> dict[str, Any]:
    """{field: {"before": …, "after": …}} for every field the form changed (values only,
    never a password)."""
    changes: dict[str, Any] = {}
    for name in form.changed_data:
        if name in SECRET_FIELDS or name not in form.cleaned_data:
            continue
        after = _plain(form.cleaned_data[name])
        if adding:
            changes[name] = {"after": after}
        else:
            changes[name] = {"before": _plain(form.initial.get(name)), "after": after}
    return changes


def _actor(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def record_admin_change(
    request: HttpRequest, obj: models.Model, verb: str, changes: dict[str, Any] | None = None
) -> None:
    details: dict[str, Any] = {"via": "admin", "object": str(obj)}
    if changes is not None:
        details["changes"] = changes
    record_event(
        f"{obj._meta.model_name}.{verb}",
        actor=_actor(request),
        target=obj,
        details=details,
        request=request,
    )


class AuditedAdminMixin(admin.ModelAdmin[Any]):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changes = form_changes(form, adding=not change)
        if changes or not change:
            record_admin_change(request, obj, "change" if change else "add", changes)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if not isinstance(formset, BaseModelFormSet):
            super().save_formset(request, form, formset, change)
            return
        deleted: list[tuple[models.Model, str]] = []
        changed: list[tuple[ModelForm[Any], dict[str, Any]]] = []
        added: list[ModelForm[Any]] = []
        removing = formset.deleted_forms if formset.can_delete else []
        for inline_form in formset.forms:
            instance = inline_form.instance
            if inline_form in removing:
                if instance.pk is not None:
                    deleted.append((instance, str(instance)))
            elif instance.pk is None:
                if inline_form.has_changed():
                    added.append(inline_form)
            elif inline_form.has_changed():
                changed.append((inline_form, form_changes(inline_form, adding=False)))
        for instance, _label in deleted:
            record_admin_change(request, instance, "delete")
        super().save_formset(request, form, formset, change)
        for inline_form in added:
            record_admin_change(
                request, inline_form.instance, "add", form_changes(inline_form, adding=True)
            )
        for inline_form, changes in changed:
            if changes:
                record_admin_change(request, inline_form.instance, "change", changes)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_admin_change(request, obj, "delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic(using=queryset.db):
            objects: Iterable[models.Model] = list(queryset)
            for obj in objects:
                record_admin_change(request, obj, "delete")
            super().delete_queryset(request, queryset)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        """The admin's password form saves without `save_model`: catch it here."""
        if _password_changed(message):
            record_event(
                f"{obj._meta.model_name}.password_set",
                actor=_actor(request),
                target=obj,
                details={"via": "admin", "object": str(obj)},
                request=request,
            )
        return super().log_change(request, obj, message)


def _password_changed(message: Any) -> bool:
    if not isinstance(message, list):
        return False
    for entry in message:
        changed = entry.get("changed") if isinstance(entry, dict) else None
        if isinstance(changed, dict) and "password" in changed.get("fields", []):
            return True
    return False
