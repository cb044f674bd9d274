from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from diplomatie.accounts import sessions
from diplomatie.accounts.forms import PasswordResetForm, SignInForm
from diplomatie.accounts.sessions import keeping_session
from diplomatie.accounts.sso import sso_enabled
from diplomatie.audit.recorder import record_event
from diplomatie.core.errors import NotFound
from diplomatie.directory.requests import current_agent


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso_enabled()
        return context


@login_not_required
def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Answer of django-axes once an account has failed too many sign-ins."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The person's other sessions end; the one they changed it from goes on.
        with transaction.atomic(), keeping_session(self.request.session.session_key):
            response = super().form_valid(form)
            record_event(
                "auth.password_change", actor=form.user, target=form.user, request=self.request
            )
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record_event(
                "auth.password_reset", actor=form.user, target=form.user, request=self.request
            )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


switch_language = login_not_required(set_language)


# --- My sessions ---------------------------------------------------------------------------


@require_GET
def my_sessions(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    current = request.session.session_key
    rows = sessions.live_sessions_of(agent)
    context = {
        "sessions": [(row, row.session_key == current) for row in rows],
        "others": sum(1 for row in rows if row.session_key != current),
    }
    return render(request, "accounts/sessions.html", context)


@require_POST
def end_session(request: HttpRequest, session_id: int) -> HttpResponse:
    agent = current_agent(request)
    try:
        sessions.do_end_session(agent, session_id, request=request)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The session is ended: that device is signed out."))
    return redirect("accounts:sessions")


@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    count = sessions.do_end_other_sessions(agent, request=request)
    messages.success(
        request,
        ngettext("%(count)d other session ended.", "%(count)d other sessions ended.", count)
        % {"count": count},
    )
    return redirect("accounts:sessions")
