"""The demo audience: follows for the featured accounts and real curves on their pages."""

from __future__ import annotations

import time

import pytest

from diplomatie.audience.models import Follow, Rating, View
from diplomatie.audience.scopes import scopes_for
from diplomatie.audience.selectors import audience_stats
from diplomatie.demo.audience import load_demo_audience
from diplomatie.demo.ministry import load_demo
from diplomatie.demo.publications import load_demo_publications
from diplomatie.directory.models import Agent


@pytest.mark.django_db
def test_demo_audience_gives_curves_and_runs_once() -> None:
    load_demo()
    load_demo_publications()
    started = time.monotonic()
    created = load_demo_audience()
    elapsed = time.monotonic() - started
    print(created)
    assert created["follows"] >= 6 and created["views"] > 300 and created["ratings"] > 50
    assert elapsed < 20, elapsed
    henri = Agent.objects.get(email="henri.dubois@diplomatie.example")
    scopes = {s.key: s for s in scopes_for(henri)}
    assert len(scopes) >= 2
    head_scope = next(s for k, s in scopes.items() if k != "mine")
    stats = audience_stats(head_scope.publications, days=90)
    active_days = [p for p in stats.series if p.views]
    assert len(active_days) >= 20, len(active_days)
    assert sum(stats.distribution.values()) > 20
    assert stats.top_read["month"]
    camille = Agent.objects.get(email="camille.laurent@diplomatie.example")
    assert audience_stats(scopes_for(camille)[0].publications, days=90).views > 0
    assert Follow.objects.filter(agent=camille).exists()
    total = (View.objects.count(), Rating.objects.count(), Follow.objects.count())
    assert set(load_demo_audience().values()) == {0}
    assert (View.objects.count(), Rating.objects.count(), Follow.objects.count()) == total
