"""Every URL pattern of the project, tried as every persona (see `url_table.py`).

A new URL fails `test_every_pattern_has_a_row` until its row is written; a row whose
pattern is gone fails `test_every_row_names_a_pattern`. Then each (row, persona) is one
test: the GET answer, and for endpoints that take a POST, the POST answer of every
persona who may not act — with a valid CSRF token, and with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.personas import PERSONAS
from tests.security.url_table import (
    ACTS,
    ADMIN_SIGN_IN,
    BAD_REQUEST,
    FORBIDDEN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROWS,
    SIGN_IN,
    STOPPED,
    Row,
    no_args,
)
from tests.security.world import World, world

__all__ = ["world"]

PERIMETER = "fixed by the perimeter work"
# (method, row, personas): each line names cells that fail today because another part of
# issue 9 fixes them; the lead deletes a line when that fix is merged (strict: a cell that
# starts passing fails until its line is gone).
PENDING_CELLS: list[tuple[str, str, tuple[str, ...]]] = []
PENDING: dict[tuple[str, str, str], str] = {
    (row, persona, method): PERIMETER
    for method, row, personas in PENDING_CELLS
    for persona in personas
}

CSRF_TOKEN = "s" * 32  # an unmasked secret is a valid token when it equals the cookie


def walk(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str | None, str]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            for name, route in walk(entry, inner):
                yield name, f"{entry.pattern}{route}"
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield name, str(entry.pattern)


def project_patterns() -> set[str]:
    """Every pattern, by name; the admin's few unnamed patterns by their route."""
    return {name or route for name, route in walk(get_resolver())}


def test_every_pattern_of_the_project_has_a_name() -> None:
    unnamed = [
        route for name, route in walk(get_resolver()) if not name and not route.startswith("admin/")
    ]
    assert not unnamed, f"give these patterns a name (and a row): {unnamed}"


def test_every_pattern_has_a_row() -> None:
    missing = sorted(project_patterns() - {row.name for row in ROWS})
    assert not missing, f"write a row in tests/security/url_table.py for: {missing}"


def test_every_row_names_a_pattern() -> None:
    gone = sorted({row.name for row in ROWS} - project_patterns())
    assert not gone, f"these rows name patterns that no longer exist: {gone}"


def test_rows_are_unique_and_complete() -> None:
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids)), "two rows share a name and case"
    for row in ROWS:
        assert set(row.get) == set(PERSONAS), f"{row.id}: GET answers for every persona"
        if row.post is not None:
            assert set(row.post) == set(PERSONAS), f"{row.id}: POST answers for every persona"


def _cells(method: str) -> Iterator[Any]:
    for row in ROWS:
        expected = row.get if method == "GET" else row.post
        if expected is None:
            continue
        for persona, answer in expected.items():
            if answer == ACTS:
                continue
            marks = []
            reason = PENDING.get((row.id, persona, method))
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            yield pytest.param(row, persona, answer, id=f"{row.id}-{persona}", marks=marks)


def _client(world: World, persona: str, *, csrf: bool = False) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=csrf)
    if persona in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    if csrf:
        client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_TOKEN
    return client


def address(row: Row, world: World) -> str:
    url = row.url(world) if row.url else reverse(row.name, kwargs=row.args(world) or None)
    return f"{url}?{row.query}" if row.query else url


def check_answer(response: HttpResponseBase, answer: str, url: str) -> str | None:
    """None when the response is the expected answer, else what was wrong."""
    status = response.status_code
    location = response.get("Location", "")
    target = location.split("?", 1)[0]
    sign_in = resolve_url(settings.LOGIN_URL)
    admin_sign_in = reverse("admin:login")
    expected_status = {
        OK: 200,
        NOT_FOUND: 404,
        NOT_ALLOWED: 405,
        FORBIDDEN: 403,
        BAD_REQUEST: 400,
        SIGN_IN: 302,
        ADMIN_SIGN_IN: 302,
        REDIRECT: 302,
    }[answer]
    if status != expected_status:
        return f"{url}: expected {answer}, got {status} {location}".rstrip()
    if answer == SIGN_IN and target != sign_in:
        return f"{url}: expected a redirect to sign in, got one to {location}"
    if answer == ADMIN_SIGN_IN and target != admin_sign_in:
        return f"{url}: expected a redirect to the admin's sign-in, got one to {location}"
    if answer == REDIRECT and target in (sign_in, admin_sign_in):
        return f"{url}: expected a redirect after the action, got one to sign in"
    return None


@pytest.mark.parametrize(("row", "persona", "answer"), list(_cells("GET")))
def test_get(world: World, db: None, row: Row, persona: str, answer: str) -> None:
    url = address(row, world)
    problem = check_answer(_client(world, persona).get(url), answer, url)
    assert problem is None, f"GET as {persona}: {problem}"


class Writes:
    """Collects the SQL statements that would change data (sessions aside)."""

    # The session's own bookkeeping: the session itself, its "last seen" (written at most
    # once a minute), the throttling of sign-ins.
    IGNORED = ("django_session", "accounts_accountsession", "axes_")
    # A stopped account (its accreditation ended) is signed out by the gate before any
    # view runs: the sign-out deletes its session row and records why in the audit log.
    SIGN_OUT = ("audit_event",)

    def __init__(self, *, signing_out: bool = False) -> None:
        self.statements: list[str] = []
        self.ignored = self.IGNORED + (self.SIGN_OUT if signing_out else ())

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        verb = sql.lstrip().split(" ", 1)[0].upper()
        if verb in {"INSERT", "UPDATE", "DELETE", "REPLACE"} and not any(
            table in sql for table in self.ignored
        ):
            self.statements.append(sql[:160])
        return execute(sql, params, many, context)


@pytest.mark.parametrize(("row", "persona", "answer"), list(_cells("POST")))
def test_post(world: World, db: None, row: Row, persona: str, answer: str) -> None:
    url = address(row, world)
    client = _client(world, persona, csrf=True)
    data = {"csrfmiddlewaretoken": CSRF_TOKEN, **row.post_data(world)}
    writes = Writes(signing_out=persona in STOPPED)
    with connection.execute_wrapper(writes):
        response = client.post(url, data)
    problem = check_answer(response, answer, url)
    assert problem is None, f"POST as {persona}: {problem}"
    assert not writes.statements, f"POST as {persona} to {url} wrote: {writes.statements}"


def _csrf_cases() -> Iterator[Any]:
    for row in ROWS:
        if row.post is None:
            continue
        # The strongest case: someone whose POST would be carried out.
        acting = [p for p, a in row.post.items() if a == ACTS] or [
            p for p, a in row.post.items() if a == OK
        ]
        persona = acting[0] if acting else "desk_officer"
        yield pytest.param(row, persona, id=f"{row.id}-{persona}")


@pytest.mark.parametrize(("row", "persona"), list(_csrf_cases()))
def test_every_form_refuses_a_post_without_its_csrf_token(
    world: World, db: None, row: Row, persona: str
) -> None:
    """The browser sends the cookie along with a forged cross-site form, never the token."""
    url = address(row, world)
    client = _client(world, persona, csrf=True)
    writes = Writes()
    with connection.execute_wrapper(writes):
        response = client.post(url, row.post_data(world))
        forged = client.post(url, {"csrfmiddlewaretoken": "f" * 32, **row.post_data(world)})
    assert response.status_code == 403, f"{url} took a POST without its CSRF token"
    assert forged.status_code == 403, f"{url} took a POST with a wrong CSRF token"
    assert not writes.statements, f"{url} wrote: {writes.statements}"


def test_the_csrf_check_covers_the_endpoints_that_act() -> None:
    """Every POST-only endpoint and every form of the table is in the CSRF test."""
    names = {row.name for row in ROWS if row.post is not None}
    assert {"publications:send", "routing:take", "parapheur:act", "accounts:login"} <= names


ABSENT_ID = 987_654_321


def _missing_cases() -> Iterator[Any]:
    """Rows of the platform's own pages that name an object, with that object absent."""
    for row in ROWS:
        if row.url or row.name.startswith(("admin:", "accounts:")) or row.args is no_args:
            continue
        for persona in ("desk_officer", "service_head", "journalist"):
            if row.get[persona] in (OK, REDIRECT, NOT_FOUND):
                yield pytest.param(row, persona, "GET", id=f"{row.id}-{persona}-GET")
            if row.post is not None and row.post[persona] in (ACTS, OK, REDIRECT, NOT_FOUND):
                yield pytest.param(row, persona, "POST", id=f"{row.id}-{persona}-POST")


@pytest.mark.parametrize(("row", "persona", "method"), list(_missing_cases()))
def test_a_missing_object_answers_like_a_forbidden_one(
    world: World, db: None, row: Row, persona: str, method: str
) -> None:
    """404 for an address whose object does not exist, as for one the persona may not
    see (even for those who could act on an object that existed): the answer never tells
    which, and nothing is written."""
    absent = {
        key: ABSENT_ID if isinstance(value, int) else f"absent-{value}"
        for key, value in row.args(world).items()
    }
    url = reverse(row.name, kwargs=absent)
    client = _client(world, persona, csrf=True)
    writes = Writes()
    with connection.execute_wrapper(writes):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, {"csrfmiddlewaretoken": CSRF_TOKEN, **row.post_data(world)})
    assert response.status_code == 404, f"{method} {url} as {persona}: {response.status_code}"
    if method == "POST":
        assert not writes.statements, f"POST {url} as {persona} wrote: {writes.statements}"
