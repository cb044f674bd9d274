"""The only writers of the second factor: enrolment, removal, recovery codes, the sign-in
second step and the administrator's reset. Each writes its audit event in the same
transaction; a failure is recorded in a transaction of its own (it must survive the
refusal), and too many failures lock the second step for a while, like the password."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import (  # type: ignore[import-untyped, unused-ignore]
    StaticDevice,
    StaticToken,
)
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped, unused-ignore]
from django_otp_webauthn.models import (  # type: ignore[import-untyped, unused-ignore]
    WebAuthnCredential,
)

from diplomatie.accounts.second_factor import devices, passkeys
from diplomatie.accounts.second_factor.devices import Factor
from diplomatie.accounts.second_factor.requirement import is_administrator
from diplomatie.accounts.sessions import end_sessions_of
from diplomatie.audit.models import Event
from diplomatie.audit.recorder import record_event
from diplomatie.core.errors import InvalidInput, NotFound, PermissionDenied
from diplomatie.directory.models import Agent
from diplomatie.notifications.actions import do_notify

FAILED = "second_factor.failed"
MAX_NAME = 60


def lock_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.SECOND_FACTOR_LOCK_MINUTES)


def recent_failures(agent: Agent) -> int:
    return Event.objects.filter(
        actor_id=agent.pk, action=FAILED, at__gte=timezone.now() - lock_window()
    ).count()


def is_locked(agent: Agent) -> bool:
    return recent_failures(agent) >= settings.SECOND_FACTOR_MAX_FAILURES


def locked_message() -> str:
    return _(
        "Too many wrong codes: the second factor is locked for %(minutes)s minutes. "
        "Try again later, or ask an administrator."
    ) % {"minutes": settings.SECOND_FACTOR_LOCK_MINUTES}


def check_not_locked(agent: Agent) -> None:
    if is_locked(agent):
        raise PermissionDenied(locked_message())


def record_failure(
    agent: Agent, *, factor: str, purpose: str, request: HttpRequest | None = None
) -> int:
    """Record a failed second factor in its own transaction; the attempts left."""
    with transaction.atomic():
        record_event(
            FAILED,
            actor=agent,
            target=agent,
            details={"factor": factor, "purpose": purpose},
            request=request,
        )
    left = settings.SECOND_FACTOR_MAX_FAILURES - recent_failures(agent)
    if left <= 0:
        with transaction.atomic():
            record_event(
                "second_factor.locked",
                actor=agent,
                target=agent,
                details={"purpose": purpose, "minutes": settings.SECOND_FACTOR_LOCK_MINUTES},
                request=request,
            )
    return max(left, 0)


def _wrong(left: int) -> PermissionDenied:
    if left <= 0:
        return PermissionDenied(
            _("Wrong code. The second factor is now locked for %(minutes)s minutes.")
            % {"minutes": settings.SECOND_FACTOR_LOCK_MINUTES}
        )
    return PermissionDenied(
        _("Wrong or expired code: %(left)s attempts left before a lock.") % {"left": left}
    )


# --- Sign-in second step ------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    factor: str
    device: Any
    codes_left: int | None = None


def check_second_step(
    agent: Agent,
    *,
    code: str = "",
    passkey_state: dict[str, Any] | None = None,
    passkey_answer: str = "",
    request: HttpRequest | None = None,
) -> Verified:
    """The device (authenticator app, passkey or a recovery code) that confirms the
    agent after their password. A recovery code is spent.

    The lock check, the verification and the record of a failure happen in one
    transaction holding the agent's row: concurrent guesses are taken one after the
    other, so the lock comes after five whatever the number of web workers, and a
    recovery code is spent once."""
    code = code.strip()
    if passkey_answer:
        factor = Factor.PASSKEY
    elif devices.looks_like_totp(code):
        factor = Factor.TOTP
    else:
        factor = Factor.RECOVERY
    if not code and not passkey_answer:
        raise InvalidInput(_("Type the code of your authenticator app, or use your passkey."))
    with transaction.atomic():
        _hold(agent)
        check_not_locked(agent)
        if factor == Factor.PASSKEY:
            device = passkeys.verify_assertion(
                agent, passkey_state, passkey_answer, purpose="sign-in"
            )
        elif factor == Factor.TOTP:
            device = devices.match_totp(agent, code)
        else:
            device = devices.match_recovery_code(agent, code)
        if device is not None:
            left = devices.recovery_codes_left(agent) if factor == Factor.RECOVERY else None
            record_event(
                "second_factor.recovery_used"
                if factor == Factor.RECOVERY
                else "auth.second_factor",
                actor=agent,
                target=agent,
                details={"factor": factor, **({"codes_left": left} if left is not None else {})},
                request=request,
            )
            return Verified(factor, device, left)
        attempts_left = record_failure(agent, factor=factor, purpose="sign-in", request=request)
    raise _wrong(attempts_left)


def _hold(agent: Agent) -> None:
    """Serialise the second-factor attempts of one agent (the agent's row, locked until the
    end of the transaction; SQLite's immediate transactions already serialise writers)."""
    list(Agent.objects.select_for_update().filter(pk=agent.pk).values_list("pk", flat=True))


# --- A fresh factor for an act (a signature) ---------------------------------------------


def verify_fresh_factor(
    agent: Agent,
    *,
    code: str = "",
    passkey_state: dict[str, Any] | None = None,
    passkey_answer: str = "",
) -> str | None:
    """The factor ("totp" or "webauthn") that confirms the agent now, or None. Recovery
    codes do not sign: they only let a person back in. The caller records the failure."""
    if passkey_answer:
        device = passkeys.verify_assertion(
            agent, passkey_state, passkey_answer, purpose="signature"
        )
        return Factor.PASSKEY if device is not None else None
    if code and devices.match_totp(agent, code) is not None:
        return Factor.TOTP
    return None


# --- Enrolment ---------------------------------------------------------------------------


def _clean_name(name: str, default: str) -> str:
    return (name or "").strip()[:MAX_NAME] or default


@transaction.atomic
def do_start_totp(agent: Agent) -> Any:
    """A new, unconfirmed authenticator app (older unconfirmed ones are dropped): it counts
    only once a first code confirms it."""
    totp_devices = devices.totp_devices(agent, confirmed=False)
    totp_devices.delete()
    return TOTPDevice.objects.create(
        user=agent, name=_("Authenticator app"), confirmed=False, tolerance=1
    )


def _ensure_recovery_codes(agent: Agent, *, request: HttpRequest | None) -> list[str] | None:
    """The first device comes with ten recovery codes (shown once)."""
    if devices.recovery_device(agent) is not None:
        return None
    return do_regenerate_recovery_codes(agent, request=request)


def check_confirm_totp(
    agent: Agent,
    *,
    code: str,
    name: str = "",
    device_id: int | None = None,
    request: HttpRequest | None = None,
) -> tuple[Any, list[str] | None]:
    """The pending authenticator app counts once its first code is right; returns it and
    the new recovery codes (None when the agent has some already). A wrong first code is
    recorded (it does not count towards the lock: nothing is protected by it yet)."""
    with transaction.atomic():
        pending = devices.totp_devices(agent, confirmed=False).select_for_update()
        if device_id is not None:  # the one this session started
            pending = pending.filter(pk=device_id)
        device = pending.first()
        if device is None:
            raise InvalidInput(_("This enrolment has expired: start again."))
        digits = code.replace(" ", "")
        if devices.looks_like_totp(digits) and device.verify_token(digits):
            device.confirmed = True
            device.name = _clean_name(name, _("Authenticator app"))
            device.save(update_fields=["confirmed", "name"])
            record_event(
                "second_factor.enrol",
                actor=agent,
                target=agent,
                details={"factor": Factor.TOTP, "device": device.pk},
                request=request,
            )
            return device, _ensure_recovery_codes(agent, request=request)
    _record_enrol_failure(agent, factor=Factor.TOTP, request=request)
    raise InvalidInput(
        _(
            "This code is not the one your app shows now: check the time of your phone "
            "and type the current code."
        )
    )


def _record_enrol_failure(agent: Agent, *, factor: str, request: HttpRequest | None) -> None:
    with transaction.atomic():
        record_event(
            "second_factor.enrol_failed",
            actor=agent,
            target=agent,
            details={"factor": factor},
            request=request,
        )


def check_register_passkey(
    agent: Agent,
    *,
    state: dict[str, Any] | None,
    answer: str,
    name: str = "",
    request: HttpRequest | None = None,
) -> tuple[Any, list[str] | None]:
    with transaction.atomic():
        device = passkeys.complete_registration(agent, state, answer)
        if device is not None:
            device.name = _clean_name(name, _("Passkey"))
            device.save(update_fields=["name"])
            record_event(
                "second_factor.enrol",
                actor=agent,
                target=agent,
                details={"factor": Factor.PASSKEY, "device": device.pk},
                request=request,
            )
            return device, _ensure_recovery_codes(agent, request=request)
    _record_enrol_failure(agent, factor=Factor.PASSKEY, request=request)
    raise InvalidInput(
        _(
            "The passkey could not be registered (cancelled, timed out or not for this "
            "site). Try again."
        )
    )


@transaction.atomic
def do_regenerate_recovery_codes(agent: Agent, *, request: HttpRequest | None = None) -> list[str]:
    """Ten new single-use codes; the old ones stop working. Only their hashes are kept."""
    device, _created = StaticDevice.objects.get_or_create(
        user=agent, name=devices.RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = devices.new_recovery_codes()
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=devices.hash_recovery_code(c)) for c in codes]
    )
    record_event(
        "second_factor.recovery_codes",
        actor=agent,
        target=agent,
        details={"count": len(codes)},
        request=request,
    )
    return codes


# --- Removal and reset -------------------------------------------------------------------


def _device_of(agent: Agent, kind: str, device_id: int) -> Any:
    if kind == Factor.TOTP:
        found = devices.totp_devices(agent).filter(pk=device_id).first()
    elif kind == Factor.PASSKEY:
        found = devices.passkeys(agent).filter(pk=device_id).first()
    else:
        found = None
    if found is None:
        raise NotFound(_("This device does not exist."))
    return found


def access_device(agent: Agent, kind: str, device_id: int) -> Any:
    """The agent's own device, or NotFound — for someone else's as for a missing one."""
    return _device_of(agent, kind, device_id)


def check_remove_device(
    agent: Agent,
    *,
    kind: str,
    device_id: int,
    password: str = "",
    code: str = "",
    request: HttpRequest | None = None,
) -> None:
    """Remove one of the agent's devices, confirmed by their password or a current code
    of one of their authenticator apps. The last device takes the recovery codes along."""
    device = access_device(agent, kind, device_id)
    check_not_locked(agent)
    with transaction.atomic():
        confirmed = bool(password) and agent.check_password(password)
        if not confirmed and code:
            confirmed = devices.match_totp(agent, code) is not None
        if confirmed:
            _remove(agent, device, kind=kind, request=request)
            return
    if not password and not code:
        raise InvalidInput(_("Type your password or a current code to remove this device."))
    raise _wrong(record_failure(agent, factor=kind, purpose="removal", request=request))


def _remove(agent: Agent, device: Any, *, kind: str, request: HttpRequest | None) -> None:
    device_id = device.pk
    device.delete()
    last = not devices.has_device(agent)
    if last:
        StaticDevice.objects.filter(user_id=agent.pk).delete()
    record_event(
        "second_factor.remove",
        actor=agent,
        target=agent,
        details={"factor": kind, "device": device_id, "last": last},
        request=request,
    )


def access_agent_to_reset(admin: Agent, agent_id: int) -> Agent:
    """The agent an administrator may reset; NotFound for anyone else asking."""
    if not is_administrator(admin):
        raise NotFound(_("This page does not exist."))
    agent = Agent.objects.filter(pk=agent_id).first()
    if agent is None:
        raise NotFound(_("This page does not exist."))
    return agent


@transaction.atomic(durable=True)
def check_reset_second_factor(
    admin: Agent, agent: Agent, *, reason: str, request: HttpRequest | None = None
) -> int:
    """An administrator's reset for a lost device: every device and recovery code of the
    agent goes, their sessions end, they are told, and they enrol again at next sign-in."""
    if not is_administrator(admin):
        raise NotFound(_("This page does not exist."))
    if admin.pk == agent.pk:
        raise PermissionDenied(
            _("Ask another administrator: nobody resets their own second factor.")
        )
    reason = reason.strip()[:500]
    if not reason:
        raise InvalidInput(_("Say why (for example: phone lost, identity checked by phone)."))
    removed: int = devices.totp_devices(agent).count() + devices.passkeys(agent).count()
    TOTPDevice.objects.filter(user_id=agent.pk).delete()
    WebAuthnCredential.objects.filter(user_id=agent.pk).delete()
    StaticDevice.objects.filter(user_id=agent.pk).delete()
    ended = end_sessions_of(agent, reason="second_factor_reset")
    record_event(
        "second_factor.reset",
        actor=admin,
        target=agent,
        details={"reason": reason, "devices": removed, "sessions_ended": ended},
        request=request,
    )
    do_notify(
        [agent],
        kind="second_factor.reset",
        text=_(
            "An administrator reset your second factor (%(reason)s). Enrol a new device at "
            "your next sign-in."
        )
        % {"reason": reason},
        url="/compte/double-facteur/",
    )
    return removed
