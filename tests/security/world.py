"""The objects every route of the matrix is tried on, built once per test module.

`world` is a module-scoped fixture: the data is written inside an outer transaction that is
rolled back when the module ends (as Django's `TestCase.setUpTestData` does), and every test
runs in its own savepoint inside it, so a POST that should write nothing can be checked and
one that writes is undone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from diplomatie.accounts.charter import do_accept_charter, do_save_charter_draft
from diplomatie.accounts.models import AccountSession, Accreditation, CharterVersion
from diplomatie.communities.actions import (
    do_create_community,
    do_create_wiki_page,
    do_edit_wiki_page,
    do_join,
    do_post_comment,
    do_report_comment,
    do_request_membership,
)
from diplomatie.communities.models import (
    Access,
    Comment,
    Community,
    CommunityMembership,
    Report,
    WikiPage,
)
from diplomatie.directory.models import Agent, Membership
from diplomatie.parapheur.actions import (
    StepSpec,
    do_declare_delegation,
    do_sign,
    do_start_circuit,
)
from diplomatie.parapheur.models import Circuit, Delegation, Step, StepKind
from diplomatie.publications.actions import do_add_attachment, do_create_draft, do_send
from diplomatie.publications.models import Attachment, Audience, Kind, Publication
from diplomatie.routing.models import Task
from tests.accounts.helpers import accredit, public_application, publish_charter
from tests.factories import PASSWORD, draft_data
from tests.second_factor import enrol_totp
from tests.security.personas import Tree, build_personas, build_tree, open_session

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    tree: Tree
    personas: dict[str, Agent | None]
    telegram: Publication  # sent by the poste to the Levant service, pour action
    attachment: Attachment  # of the telegram
    task: Task  # the Levant service's task for the telegram
    draft: Publication  # the desk officer's draft note
    letter: Publication  # the desk officer's draft letter to the media (no circuit yet)
    circuit: Circuit  # a running circuit on another letter to the media
    step: Step  # its first step (signature by the head of service)
    sent_letter: Publication  # a letter to the media, signed by the head and so sent
    community: Community  # open to externals, moderated by the head of service
    private: Community  # on invitation only
    on_request: Community  # on request, with a pending request
    request: CommunityMembership  # that pending request
    moderator_membership: CommunityMembership  # the head's membership of `community`
    article: Publication  # by the head of service in `community`
    comment: Comment  # by the journalist under the article
    report: Report  # the desk officer's report of that comment
    wiki: WikiPage  # in `community`, two revisions
    delegation: Delegation  # the head of service to the desk officer
    # The journalist's accreditation, sponsored by the desk officer, accepted (current).
    accreditation: Accreditation
    # A public application naming the desk officer as sponsor, pending.
    application: Accreditation
    charter: CharterVersion  # published (version 1), accepted by the three externals
    charter_draft: CharterVersion  # the next version, not published yet
    device: Any  # the desk officer's authenticator app (TOTP), enrolled
    other_session: AccountSession  # a second session of the desk officer
    # Session id of each signed-in persona, opened once for the module.
    sessions: dict[str, str] = field(default_factory=dict)

    def agent(self, persona: str) -> Agent:
        agent = self.personas[persona]
        assert agent is not None, persona
        return agent


def build_world() -> World:
    tree = build_tree()
    personas = build_personas(tree)
    p = {name: agent for name, agent in personas.items() if agent is not None}
    desk, head, poste = p["desk_officer"], p["service_head"], p["poste_agent"]

    telegram = do_create_draft(
        poste,
        draft_data(
            kind=Kind.TELEGRAM,
            subject="Situation au Levant",
            issuer=tree.embassy,
            action_to=tree.levant,
            audience=Audience.MINISTRY,
        ),
    )
    attachment = do_add_attachment(
        poste, telegram, SimpleUploadedFile("annexe.pdf", PDF, "application/pdf")
    )
    telegram = do_send(poste, telegram)
    task = Task.objects.get(publication=telegram)

    draft = do_create_draft(
        desk, draft_data(kind=Kind.NOTE, subject="Note en cours", issuer=tree.levant, summary="")
    )
    letter = do_create_draft(
        desk,
        draft_data(
            kind=Kind.LETTER,
            subject="Lettre à la presse",
            summary="",
            issuer=tree.levant,
            action_to=tree.media,
        ),
    )
    signed_letter = do_create_draft(
        desk,
        draft_data(
            kind=Kind.LETTER,
            subject="Lettre en circuit",
            summary="",
            issuer=tree.levant,
            action_to=tree.media,
        ),
    )
    circuit = do_start_circuit(
        desk, signed_letter, steps=[StepSpec(kind=StepKind.SIGNATURE, agents=[head])]
    )
    step = circuit.steps.order_by("position").first()
    assert step is not None
    sent_letter = do_create_draft(
        desk,
        draft_data(
            kind=Kind.LETTER,
            subject="Lettre signée",
            summary="",
            issuer=tree.levant,
            action_to=tree.media,
        ),
    )
    signing = do_start_circuit(
        desk, sent_letter, steps=[StepSpec(kind=StepKind.SIGNATURE, agents=[head])]
    )
    signature = signing.steps.get()
    do_sign(head, signature, password=PASSWORD)
    sent_letter.refresh_from_db()

    community = do_create_community(
        head, name="Presse et ONG", access=Access.OPEN, open_to_externals=True
    )
    private = do_create_community(head, name="Cellule de crise", access=Access.INVITATION)
    on_request = do_create_community(head, name="Réseau Levant", access=Access.ON_REQUEST)
    request = do_request_membership(p["other_service"], on_request)
    for member in ("desk_officer", "journalist", "ngo", "company"):
        do_join(p[member], community)
    article = send_article(head, community, tree)
    comment = do_post_comment(p["journalist"], article, body="Merci pour cet article.")
    report = do_report_comment(desk, comment.pk, reason="Hors sujet")
    wiki = do_create_wiki_page(head, community, title="Charte", body="Première version.")
    do_edit_wiki_page(head, wiki, title="Charte", body="Deuxième version.")
    today = timezone.localdate()
    delegation = do_declare_delegation(
        head, delegate=desk, starts_on=today, ends_on=today + dt.timedelta(days=7)
    )

    # Accreditation and charter. The desk officer sponsors the journalist (accepted) and
    # is named by a pending public application.
    admin = p["admin"]
    accreditation = accredit(
        admin, desk, tree.media, email=p["journalist"].email, full_name="journalist"
    )
    application = public_application(desk, email="applicant@sec.example", full_name="applicant")
    charter = publish_charter(admin)
    for external in ("journalist", "company", "ngo"):
        do_accept_charter(p[external], charter.pk, language="en")
    charter_draft = do_save_charter_draft(
        admin, text_fr="# Charte, version 2", text_en="# Charter, version 2"
    )
    # Second factor and sessions: the desk officer (who must have a second factor, as the
    # head of service's delegate) has an authenticator app and a session on another device.
    device = enrol_totp(desk)
    other_session = AccountSession.objects.get(session_key=open_session(desk))
    return World(
        tree=tree,
        personas=personas,
        telegram=telegram,
        attachment=attachment,
        task=task,
        draft=draft,
        letter=letter,
        circuit=circuit,
        step=step,
        sent_letter=sent_letter,
        community=community,
        private=private,
        on_request=on_request,
        request=request,
        moderator_membership=CommunityMembership.objects.get(community=community, agent=head),
        article=article,
        comment=comment,
        report=report,
        wiki=wiki,
        delegation=delegation,
        accreditation=accreditation,
        application=application,
        charter=charter,
        charter_draft=charter_draft,
        device=device,
        other_session=other_session,
    )


def send_article(author: Agent, community: Community, tree: Tree) -> Publication:
    membership = Membership.objects.filter(agent=author).first()
    assert membership is not None
    article = do_create_draft(
        author,
        draft_data(
            kind=Kind.ARTICLE,
            subject="Retour d'expérience",
            summary="",
            body="Un article de la communauté.",
            issuer=membership.organisation,
            community=community,
        ),
    )
    return do_send(author, article)


@pytest.fixture(scope="module")
def world(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    """The world, in a transaction rolled back at the end of the module."""
    files = override_settings(DATA_DIR=tmp_path_factory.mktemp("security-data"))
    files.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        # Like TestCase's class-wide transaction: durable actions may run inside it.
        atomic._from_testcase = True  # type: ignore[attr-defined]
        atomic.__enter__()
        try:
            built = build_world()
            for name, agent in built.personas.items():
                if agent is not None:
                    built.sessions[name] = open_session(agent)
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            files.disable()
