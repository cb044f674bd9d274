"""Pages of the second factor: the sign-in second step, the agent's devices, enrolment of
an authenticator app or a passkey, recovery codes, removal, and the administrators' reset."""

from __future__ import annotations

import base64
from typing import Any

import django_otp  # type: ignore[import-untyped, unused-ignore]
import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from diplomatie.accounts.second_factor import actions, devices, passkeys
from diplomatie.accounts.second_factor.forms import (
    ConfirmTotpForm,
    PasskeyForm,
    RemoveDeviceForm,
    ResetForm,
    SecondStepForm,
)
from diplomatie.accounts.second_factor.middleware import VERIFY, remember_state
from diplomatie.accounts.second_factor.requirement import is_required
from diplomatie.core.errors import DiplomatieError, NotFound
from diplomatie.directory.requests import current_agent

FACTOR_KINDS = {devices.Factor.TOTP, devices.Factor.PASSKEY}


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _verified(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


def _signed_in_with(request: HttpRequest, device: Any) -> None:
    """The session now counts as verified by `device`, under a new session key."""
    request.session.cycle_key()
    otp_login: Any = django_otp.login  # the library is untyped
    otp_login(request, device)
    request.session["second_factor_state"] = VERIFY


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of the sign-in."""
    agent = current_agent(request)
    target = _next(request)
    if _verified(request):
        return redirect(target)
    if not devices.has_device(agent):
        remember_state(request.session, agent)
        return redirect(target)
    form = SecondStepForm(request.POST or None, initial={"next": target})
    status = 200
    if actions.is_locked(agent):
        form.is_valid()
        form.add_error(None, actions.locked_message())
        status = 429
    elif request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["passkey"]
        state = passkeys.take_state(request.session, passkeys.ASSERT_STATE) if answer else None
        try:
            result = actions.check_second_step(
                agent,
                code=form.cleaned_data["code"],
                passkey_state=state,
                passkey_answer=answer,
                request=request,
            )
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
            status = 429 if actions.is_locked(agent) else 200
        else:
            _signed_in_with(request, result.device)
            if result.factor == devices.Factor.RECOVERY:
                messages.warning(
                    request,
                    _(
                        "Recovery code accepted; %(left)s left. Enrol a new device or make "
                        "new codes from your second factor page."
                    )
                    % {"left": result.codes_left},
                )
            return redirect(target)
    context = {
        "form": form,
        "has_passkey": devices.passkeys(agent).exists(),
        "has_totp": devices.totp_devices(agent).exists(),
    }
    return render(request, "accounts/second_factor/verify.html", context, status=status)


@never_cache
def index(request: HttpRequest) -> HttpResponse:
    """The agent's own devices and recovery codes."""
    agent = current_agent(request)
    context = {
        "devices": devices.devices_of(agent),
        "codes_left": devices.recovery_codes_left(agent),
        "required": is_required(agent),
        "remove_form": RemoveDeviceForm(),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/second_factor/index.html", context)


def _secret_text(device: Any) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


PENDING_TOTP = "_diplomatie_pending_totp"


def _verify_first(request: HttpRequest) -> HttpResponse | None:
    """A new device is added only by whom has proved an existing one in this session."""
    if devices.has_device(current_agent(request)) and not _verified(request):
        return redirect(f"{reverse('accounts:second_factor_verify')}?next={request.path}")
    return None


@never_cache
def totp_setup(request: HttpRequest) -> HttpResponse:
    """The QR code and the secret of a new authenticator app, confirmed by its first code."""
    agent = current_agent(request)
    if (refused := _verify_first(request)) is not None:
        return refused
    # The pending app belongs to this session: another session of the account (someone
    # else who has the password) never sees its secret — it starts its own, which drops
    # this one, so the person enrolling is told to start again rather than share a key.
    pending = request.session.get(PENDING_TOTP)
    form = ConfirmTotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed, codes = actions.check_confirm_totp(
                agent,
                device_id=int(pending or 0),
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                request=request,
            )
        except DiplomatieError as exc:
            form.add_error("code", str(exc))
        else:
            request.session.pop(PENDING_TOTP, None)
            if not _verified(request):
                _signed_in_with(request, confirmed)
            return _after_enrolment(request, codes)
    device = devices.totp_devices(agent, confirmed=False).filter(pk=pending or 0).first()
    if device is None:
        device = actions.do_start_totp(agent)
        request.session[PENDING_TOTP] = device.pk
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr": qr.svg_data_uri(scale=5, border=2),
        "secret": _secret_text(device),
        "next": _next(request),
    }
    return render(request, "accounts/second_factor/totp_setup.html", context)


def _after_enrolment(request: HttpRequest, codes: list[str] | None) -> HttpResponse:
    messages.success(request, _("Your second factor is enrolled."))
    if codes:
        return render(
            request,
            "accounts/second_factor/recovery_codes.html",
            {"codes": codes, "next": _next(request), "first": True},
        )
    return redirect(_next(request))


@never_cache
def passkey_setup(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    if (refused := _verify_first(request)) is not None:
        return refused
    form = PasskeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        state = passkeys.take_state(request.session, passkeys.REGISTER_STATE)
        try:
            device, codes = actions.check_register_passkey(
                agent,
                state=state,
                answer=form.cleaned_data["passkey"],
                name=form.cleaned_data["name"],
                request=request,
            )
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            if not _verified(request):
                _signed_in_with(request, device)
            return _after_enrolment(request, codes)
    return render(
        request, "accounts/second_factor/passkey_setup.html", {"form": form, "next": _next(request)}
    )


@require_POST
@never_cache
def passkey_registration_options(request: HttpRequest) -> JsonResponse:
    agent = current_agent(request)
    if devices.has_device(agent) and not _verified(request):
        return JsonResponse({"detail": _("Confirm your second factor first.")}, status=403)
    return JsonResponse(passkeys.begin_registration(request.session, agent))


@require_POST
@never_cache
def passkey_assertion_options(request: HttpRequest) -> JsonResponse:
    agent = current_agent(request)
    purpose = "signature" if request.POST.get("purpose") == "signature" else "sign-in"
    if not devices.passkeys(agent).exists():
        return JsonResponse({"detail": _("You have no passkey.")}, status=404)
    return JsonResponse(passkeys.begin_assertion(request.session, agent, purpose=purpose))


@require_POST
@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Ten new recovery codes, shown once; the old ones stop working."""
    agent = current_agent(request)
    if not devices.has_device(agent) or not _verified(request):
        raise Http404
    codes = actions.do_regenerate_recovery_codes(agent, request=request)
    return render(
        request,
        "accounts/second_factor/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:second_factor"), "first": False},
    )


@require_POST
def remove_device(request: HttpRequest, kind: str, device_id: int) -> HttpResponse:
    agent = current_agent(request)
    if kind not in FACTOR_KINDS:
        raise Http404
    try:
        actions.access_device(agent, kind, device_id)
    except NotFound:
        raise Http404 from None
    form = RemoveDeviceForm(request.POST)
    form.is_valid()
    try:
        actions.check_remove_device(
            agent,
            kind=kind,
            device_id=device_id,
            password=form.cleaned_data.get("password", ""),
            code=form.cleaned_data.get("code", ""),
            request=request,
        )
    except DiplomatieError as exc:
        messages.error(request, str(exc))
    else:
        remember_state(request.session, agent)
        messages.success(request, _("The device is removed."))
    return redirect("accounts:second_factor")


@never_cache
def reset(request: HttpRequest, agent_id: int) -> HttpResponse:
    """An administrator resets the second factor of an agent who lost their device."""
    admin = current_agent(request)
    try:
        agent = actions.access_agent_to_reset(admin, agent_id)
    except NotFound:
        raise Http404 from None
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            removed = actions.check_reset_second_factor(
                admin, agent, reason=form.cleaned_data["reason"], request=request
            )
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Second factor of %(name)s reset (%(count)s devices removed); their "
                    "sessions are ended and they are told."
                )
                % {"name": agent.display_name, "count": removed},
            )
            return redirect("accounts:second_factor_reset", agent.pk)
    context = {
        "form": form,
        "agent": agent,
        "devices": devices.devices_of(agent),
        "codes_left": devices.recovery_codes_left(agent),
    }
    return render(request, "accounts/second_factor/reset.html", context)
