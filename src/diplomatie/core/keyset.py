"""Keyset pagination: "the rows after this one" in a fixed order, without OFFSET.

A cursor is the sort key of the last row shown, signed so that it cannot be forged
into something else; the page after it is one indexed query whatever the depth."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from django.core import signing
from django.db.models import Q

_SALT = "diplomatie.keyset"


def encode_cursor(values: Sequence[Any]) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return {"dt": value.isoformat()}
        if isinstance(value, bool):
            return int(value)
        return value

    return signing.dumps([plain(v) for v in values], salt=_SALT, compress=True)


def decode_cursor(token: str | None, length: int) -> list[Any] | None:
    """The sort key in the cursor, or None for the first page (or a bad cursor)."""
    if not token:
        return None
    try:
        raw = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, json.JSONDecodeError, ValueError):
        return None
    if not isinstance(raw, list) or len(raw) != length:
        return None
    values: list[Any] = []
    for value in raw:
        if isinstance(value, dict) and "dt" in value:
            values.append(dt.datetime.fromisoformat(value["dt"]))
        else:
            values.append(value)
    return values


def after(fields: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after `values` in the order of `fields` ("-name" for descending)."""
    condition = Q(pk__in=[])
    for i, name in enumerate(fields):
        descending = name.startswith("-")
        column = name.lstrip("-")
        step = Q(**{f"{column}__lt" if descending else f"{column}__gt": values[i]})
        for previous, value in zip(fields[:i], values[:i], strict=True):
            step &= Q(**{previous.lstrip("-"): value})
        condition |= step
    return condition
