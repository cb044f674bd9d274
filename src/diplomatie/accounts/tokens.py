"""The one-time link an accredited external receives to choose their first password.

Django's password-reset tokens, with their own salt and lifetime: the token is bound to
the account's password (so it works once) and to the accreditation's state (so it dies
with an accreditation that ends before the link is used)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

from diplomatie.accounts.models import Accreditation, AccreditationState

WELCOME_LINK_DAYS = 7


class WelcomeTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "diplomatie.accounts.tokens.WelcomeTokenGenerator"
    timeout = int(dt.timedelta(days=WELCOME_LINK_DAYS).total_seconds())

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        current = (
            Accreditation.objects.filter(agent=user, state=AccreditationState.ACCEPTED)
            .values_list("pk", "expires_on")
            .first()
        )
        return f"{super()._make_hash_value(user, timestamp)}|{current}"

    def check_token(self, user: Any, token: str | None) -> bool:
        # Django's own check, with this generator's lifetime instead of the setting's.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= self.timeout


welcome_token_generator = WelcomeTokenGenerator()
