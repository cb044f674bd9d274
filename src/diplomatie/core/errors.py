"""Typed errors raised by services, each carrying a message a person understands."""

from __future__ import annotations

from django.utils.functional import Promise


class DiplomatieError(Exception):
    """Base of every error a service raises on purpose."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


class NotFound(DiplomatieError):
    """The object does not exist or the agent may not see it — the two look the same."""


class PermissionDenied(DiplomatieError):
    """The agent may see the object but not do this to it."""


class InvalidInput(DiplomatieError):
    """What was sent cannot be accepted; the message says why."""
