"""Delays that follow precedence."""

from __future__ import annotations

import datetime as dt

from diplomatie.publications.models import Precedence

# How long the action organisation has to handle a task.
TASK_DELAY: dict[str, dt.timedelta] = {
    Precedence.ROUTINE: dt.timedelta(days=5),
    Precedence.PRIORITY: dt.timedelta(days=1),
    Precedence.IMMEDIATE: dt.timedelta(hours=4),
    Precedence.FLASH: dt.timedelta(hours=1),
}

# How long before an unacknowledged publication escalates, at each step.
ACKNOWLEDGEMENT_DELAY: dict[str, dt.timedelta] = {
    Precedence.IMMEDIATE: dt.timedelta(hours=1),
    Precedence.FLASH: dt.timedelta(minutes=15),
}
