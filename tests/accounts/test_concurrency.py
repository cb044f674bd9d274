"""Two administrators decide the same application at once: one wins, the other is told
(run on the SQLite file and on PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connections
from django.utils import translation

from diplomatie.accounts.accreditations import (
    AlreadyDecided,
    do_accept_accreditation,
    do_refuse_accreditation,
)
from diplomatie.accounts.models import Accreditation, AccreditationState
from diplomatie.accounts.second_factor import actions as second_factor
from diplomatie.audit.models import Event
from diplomatie.directory.models import Agent
from tests.accounts.helpers import in_days, public_application
from tests.conftest import Ministry
from tests.factories import PASSWORD
from tests.second_factor import enrol_totp


def run_together(works: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    barrier = threading.Barrier(len(works))
    results: list[object] = []
    errors: list[BaseException] = []

    def run(work: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):  # threads do not inherit the test's language
                results.append(work())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w,)) for w in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second", ["accept", "refuse"])
def test_two_decisions_at_once_one_wins(
    ministry: Ministry, desk_officer: Agent, second: str
) -> None:
    first_admin = Agent.objects.create_superuser("a1@d.example", PASSWORD, display_name="A1")
    second_admin = Agent.objects.create_superuser("a2@d.example", PASSWORD, display_name="A2")
    row = public_application(desk_officer)

    def accept() -> object:
        admin = Agent.objects.get(pk=first_admin.pk)
        return do_accept_accreditation(admin, row.pk, expires_on=in_days(100))

    def other() -> object:
        admin = Agent.objects.get(pk=second_admin.pk)
        if second == "accept":
            return do_accept_accreditation(admin, row.pk, expires_on=in_days(200))
        return do_refuse_accreditation(admin, row.pk, reason="Doublon")

    results, errors = run_together([accept, other])
    assert len(results) == 1 and len(errors) == 1, errors
    assert isinstance(errors[0], AlreadyDecided), errors[0]
    assert "already decided" in str(errors[0])
    row.refresh_from_db()
    assert row.state in {AccreditationState.ACCEPTED, AccreditationState.REFUSED}
    decisions = Event.objects.filter(action__in=["accreditation.accept", "accreditation.refuse"])
    assert decisions.count() == 1
    assert Agent.objects.filter(email=row.email).count() == (
        1 if row.state == AccreditationState.ACCEPTED else 0
    )
    assert Accreditation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_codes_lock_after_five(ministry: Ministry, desk_officer: Agent) -> None:
    """Eight guesses at the second step at once: five are counted, the others meet the
    lock — never more guesses than the limit, whatever the number of web workers."""
    enrol_totp(desk_officer)

    def guess(n: int) -> Callable[[], object]:
        def work() -> object:
            agent = Agent.objects.get(pk=desk_officer.pk)
            return second_factor.check_second_step(agent, code=f"{n:06d}")

        return work

    results, errors = run_together([guess(n) for n in range(100_000, 100_008)])
    assert not results
    assert len(errors) == 8
    failures = Event.objects.filter(actor_id=desk_officer.pk, action="second_factor.failed")
    assert failures.count() == 5
    assert (
        Event.objects.filter(actor_id=desk_officer.pk, action="second_factor.locked").count() == 1
    )
