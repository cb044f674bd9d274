"""Drafts, sending, chrono numbers, routing, immutability, and refused input."""

from __future__ import annotations

import pytest
from django.utils import timezone

from diplomatie.audit.models import Event
from diplomatie.core.errors import InvalidInput, PermissionDenied
from diplomatie.directory.models import Agent
from diplomatie.publications.actions import (
    do_create_draft,
    do_edit_article,
    do_send,
    do_update_draft,
)
from diplomatie.publications.models import Publication, Reference, Revision, Theme
from diplomatie.routing.models import Addressing, DistributionList, RoutingRule, Task
from tests.conftest import Ministry
from tests.factories import draft_data, send_publication


def test_send_numbers_routes_and_opens_a_task(ministry: Ministry, ambassador: Agent) -> None:
    telegram = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.levant,
        info_to=[ministry.consular, ministry.political],
        precedence="priority",
    )
    year = timezone.localdate().year
    assert telegram.status == "sent"
    assert telegram.chrono == f"AMB-WASHINGTON {year}-00001"
    modes = dict(telegram.addressings.values_list("organisation__code", "mode"))
    assert modes == {"lev": "action", "fae": "information", "dgp": "information"}
    task = Task.objects.get(publication=telegram)
    assert task.organisation == ministry.levant
    assert task.state == "new"
    assert telegram.sent_at is not None
    assert (task.due_at - telegram.sent_at).total_seconds() == 24 * 3600
    assert Event.objects.filter(action="publication.send", target_id=str(telegram.pk)).exists()
    second = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    assert second.chrono == f"AMB-WASHINGTON {year}-00002"


def test_chrono_is_per_issuer(ministry: Ministry, ambassador: Agent, service_head: Agent) -> None:
    year = timezone.localdate().year
    a = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    b = send_publication(service_head, issuer=ministry.levant, action_to=ministry.embassy)
    assert a.chrono_sequence == b.chrono_sequence == 1
    assert b.chrono == f"LEV {year}-00001"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"summary": ""}, "needs a summary"),
        ({"summary": "   "}, "needs a summary"),
    ],
)
def test_telegram_without_summary_is_refused(
    ministry: Ministry, ambassador: Agent, overrides: dict[str, str], message: str
) -> None:
    draft = do_create_draft(
        ambassador, draft_data(issuer=ministry.embassy, action_to=ministry.levant, **overrides)
    )
    with pytest.raises(InvalidInput, match=message):
        do_send(ambassador, draft)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.chrono == ""
    assert not Task.objects.exists()


def test_routed_kinds_need_one_action_addressee(ministry: Ministry, ambassador: Agent) -> None:
    draft = do_create_draft(
        ambassador, draft_data(issuer=ministry.embassy, info_to=[ministry.levant])
    )
    with pytest.raises(InvalidInput, match="pour action"):
        do_send(ambassador, draft)
    assert Publication.objects.get(pk=draft.pk).status == "draft"


@pytest.mark.parametrize(
    "marking", ["SECRET", "Confidentiel Défense", "CD", "TS", "secret-defense"]
)
def test_above_dr_is_refused_and_nothing_saved(
    ministry: Ministry, ambassador: Agent, marking: str
) -> None:
    with pytest.raises(InvalidInput, match="nothing above Diffusion Restreinte"):
        do_create_draft(
            ambassador,
            draft_data(issuer=ministry.embassy, action_to=ministry.levant, classification=marking),
        )
    assert not Publication.objects.exists()


def test_dr_means_addressees_only_and_never_externals(
    ministry: Ministry, ambassador: Agent
) -> None:
    dr = do_create_draft(
        ambassador,
        draft_data(
            issuer=ministry.embassy,
            action_to=ministry.levant,
            classification="DR",
            audience="partners",
        ),
    )
    assert dr.audience == "addressees"
    with pytest.raises(InvalidInput, match="external organisation"):
        do_create_draft(
            ambassador,
            draft_data(
                issuer=ministry.embassy,
                action_to=ministry.levant,
                info_to=[ministry.media],
                classification="DR",
            ),
        )


def test_author_must_belong_to_the_issuer(ministry: Ministry, desk_officer: Agent) -> None:
    with pytest.raises(PermissionDenied):
        do_create_draft(desk_officer, draft_data(issuer=ministry.embassy))


def test_tags_are_limited_to_five(ministry: Ministry, ambassador: Agent) -> None:
    with pytest.raises(InvalidInput, match="5 tags at most"):
        do_create_draft(
            ambassador,
            draft_data(issuer=ministry.embassy, tags=["a", "b", "c", "d", "e", "f"]),
        )
    ok = do_create_draft(
        ambassador, draft_data(issuer=ministry.embassy, tags=["Sahel", "sahel ", "#Élections"])
    )
    assert sorted(ok.tags.values_list("name", flat=True)) == ["sahel", "élections"]


def test_sent_documents_are_immutable(ministry: Ministry, ambassador: Agent) -> None:
    telegram = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    with pytest.raises(InvalidInput, match="cannot be changed"):
        do_update_draft(
            ambassador, telegram, draft_data(issuer=ministry.embassy, action_to=ministry.levant)
        )


def test_correction_supersedes_the_original(ministry: Ministry, ambassador: Agent) -> None:
    original = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    correction = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.levant,
        references=[("supersedes", original)],
    )
    ref = Reference.objects.get(source=correction)
    assert (ref.target, ref.kind) == (original, "supersedes")


def test_articles_keep_revisions(ministry: Ministry, desk_officer: Agent) -> None:
    article = send_publication(
        desk_officer, kind="article", issuer=ministry.levant, summary="", audience="ministry"
    )
    assert article.chrono == ""
    assert not Task.objects.filter(publication=article).exists()
    do_edit_article(desk_officer, article, subject="Nouveau titre", summary="", body="Nouveau")
    revision = Revision.objects.get(publication=article)
    assert revision.number == 1 and revision.body == article.body
    article.refresh_from_db()
    assert article.subject == "Nouveau titre"


def test_distribution_lists_follow_the_organisations(ministry: Ministry, ambassador: Agent) -> None:
    from tests.factories import make_organisation

    europe = Theme.objects.get(code="europe")
    all_europe = DistributionList.objects.create(
        code="europe", name="Ambassades en Europe", kinds=["embassy"], region=europe
    )
    berlin = make_organisation("embassy", parent=ministry.ministry, country="DE", code="berlin")
    assert list(all_europe.resolve()) == [berlin]
    rome = make_organisation("embassy", parent=ministry.ministry, country="IT", code="rome")
    telegram = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.levant, lists=[all_europe]
    )
    codes = set(
        Addressing.objects.filter(publication=telegram, origin="list").values_list(
            "organisation__code", flat=True
        )
    )
    assert codes == {"berlin", "rome"}
    assert rome.code in codes


def test_routing_rules_add_information_copies(ministry: Ministry, ambassador: Agent) -> None:
    crises = Theme.objects.get(code="crises")
    RoutingRule.objects.create(
        name="Crises → consulaire", theme=crises, organisation=ministry.consular
    )
    RoutingRule.objects.create(name="Notes → DGP", kind="note", organisation=ministry.political)
    telegram = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.levant, themes=[crises]
    )
    rows = dict(telegram.addressings.values_list("organisation__code", "origin"))
    assert rows == {"lev": "direct", "fae": "rule"}


def test_a_failure_half_way_leaves_nothing(
    ministry: Ministry, ambassador: Agent, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = do_create_draft(
        ambassador, draft_data(issuer=ministry.embassy, action_to=ministry.levant)
    )

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("diplomatie.publications.actions.record_event", broken)
    with pytest.raises(RuntimeError):
        do_send(ambassador, draft)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.chrono == ""
    assert not Task.objects.exists()
    from diplomatie.publications.models import ChronoCounter

    assert not ChronoCounter.objects.filter(last__gt=0).exists()
