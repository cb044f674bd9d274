"""Demo communities on top of the demo ministry: networks of postes, consular practice,
digital diplomacy, press officers, a community open to journalists and NGOs, one on
request and one by invitation — with members, posts, discussions (mentions, a reported
comment) and wiki pages with several revisions.

Deterministic (fixed texts, members chosen by organisation and sorted) and idempotent:
nothing happens when communities already exist. Memberships are bulk-written; the
storyline (posts, comments, reports, requests, invitations, wiki edits) goes through
the services, so its audit events and notifications are the real ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from diplomatie.communities.actions import (
    do_create_community,
    do_create_wiki_page,
    do_edit_wiki_page,
    do_invite,
    do_post_comment,
    do_report_comment,
    do_request_membership,
)
from diplomatie.communities.models import (
    Access,
    Comment,
    Community,
    CommunityMembership,
    CommunityRole,
    MembershipState,
    WikiPage,
)
from diplomatie.directory.models import Agent, Membership, Organisation
from diplomatie.publications.actions import DraftData, do_create_draft, do_send
from diplomatie.publications.models import Kind, Publication

CAMILLE = "camille.laurent@diplomatie.example"
HENRI = "henri.dubois@diplomatie.example"
SOPHIE = "sophie.bernard@diplomatie.example"
ALEX = "alex.morgan@presse-internationale.example"


@dataclass(frozen=True)
class Post:
    author: str  # e-mail
    subject: str
    body: str
    summary: str = ""
    language: str = "fr"
    days_ago: int = 3
    # (author e-mail, text, index of the comment answered or None)
    comments: tuple[tuple[str, str, int | None], ...] = ()


@dataclass(frozen=True)
class Wiki:
    title: str
    revisions: tuple[tuple[str, str, str], ...]  # (author e-mail, body, edit summary)


@dataclass(frozen=True)
class Spec:
    name: str
    description: str
    access: str
    moderator: str  # e-mail of the creator, first moderator
    organisations: tuple[str, ...]  # members: agents of organisations at or below these codes
    featured: tuple[str, ...] = ()  # featured accounts who are members
    open_to_externals: bool = False
    limit: int = 40
    posts: tuple[Post, ...] = ()
    wiki: tuple[Wiki, ...] = ()
    extra_moderators: tuple[str, ...] = field(default=())


REPORTED = "Encore une réunion inutile, comme d'habitude personne ne lira rien."
WEST_AFRICA = ("amb-dakar", "amb-abidjan", "dgp-afrique-ouest")
MIDDLE_EAST = ("dgp-afmo", "amb-le-caire", "amb-riyad", "amb-tel-aviv", "cg-jerusalem")

SPECS: tuple[Spec, ...] = (
    Spec(
        name="Réseau Afrique de l'Ouest",
        description=(
            "Les postes d'Afrique de l'Ouest et la sous-direction : échanges de pratiques, "
            "calendrier électoral régional, sécurité des communautés françaises."
        ),
        access=Access.OPEN,
        moderator="",
        organisations=WEST_AFRICA,
        featured=(CAMILLE, HENRI),
        posts=(
            Post(
                author="",
                subject="Calendrier électoral régional : ce qui vient en 2026",
                summary="Trois scrutins présidentiels dans la région d'ici la fin de l'année.",
                body=(
                    "## Les échéances\n\n"
                    "| Pays | Scrutin | Date annoncée |\n|---|---|---|\n"
                    "| Côte d'Ivoire | Législatives | mars |\n"
                    "| Sénégal | Locales | juin |\n"
                    "| Guinée | Présidentielle | octobre |\n\n"
                    "Merci à chaque poste de compléter la page du wiki "
                    "« Observation électorale » avec ses contacts auprès des commissions."
                ),
                days_ago=6,
                comments=(
                    (CAMILLE, "Très utile. @henri.dubois, on le relaie à la DGP ?", None),
                    (HENRI, "Oui, je le mets à l'ordre du jour de lundi.", 0),
                ),
            ),
        ),
        wiki=(
            Wiki(
                "Observation électorale",
                (
                    ("", "# Observation électorale\n\nContacts des commissions électorales.\n", ""),
                    (
                        "",
                        "# Observation électorale\n\nContacts des commissions électorales.\n\n"
                        "- Dakar : service politique\n- Abidjan : chancellerie\n\n"
                        "Voir aussi [[Sécurité des ressortissants]].\n",
                        "Contacts par poste",
                    ),
                ),
            ),
        ),
    ),
    Spec(
        name="Réseau Moyen-Orient",
        description=(
            "La sous-direction Moyen-Orient et les postes de la région. Sur demande : "
            "on y partage des analyses non publiées ailleurs."
        ),
        access=Access.ON_REQUEST,
        moderator=HENRI,
        organisations=MIDDLE_EAST,
        featured=(CAMILLE,),
        posts=(
            Post(
                author=CAMILLE,
                subject="Note de synthèse : la reconstruction au Levant, où en est-on ?",
                summary="Points d'attention pour la conférence des donateurs.",
                body=(
                    "La conférence des donateurs approche. Trois questions restent ouvertes :\n\n"
                    "1. le **mécanisme de suivi** des engagements ;\n"
                    "2. la place des ONG locales ;\n"
                    "3. le calendrier des décaissements.\n\n"
                    "Vos retours de terrain sont bienvenus dans la discussion ci-dessous."
                ),
                days_ago=2,
                comments=(
                    (HENRI, "Merci @camille.laurent. Le point 2 mérite une réunion.", None),
                    (CAMILLE, "Je propose jeudi, avec le Caire en visio.", 0),
                    (
                        "",
                        "Le Caire confirme. Nous enverrons la liste des ONG partenaires.",
                        0,
                    ),
                    ("", REPORTED, None),
                ),
            ),
            Post(
                author=HENRI,
                subject="Règles de la communauté",
                body=(
                    "Bienvenue. Ici, **Non protégé** uniquement sauf mention contraire, "
                    "et toujours courtois. Les demandes d'adhésion sont examinées sous 48 h."
                ),
                days_ago=20,
            ),
        ),
        wiki=(
            Wiki(
                "Contacts régionaux",
                (
                    (HENRI, "# Contacts régionaux\n\n- Le Caire : service politique\n", ""),
                    (
                        CAMILLE,
                        "# Contacts régionaux\n\n- Le Caire : service politique\n"
                        "- Riyad : chancellerie\n- Tel-Aviv : service de presse\n\n"
                        "Procédure d'urgence : [[Cellule de crise régionale]].\n",
                        "Ajout de Riyad et Tel-Aviv",
                    ),
                    (
                        HENRI,
                        "# Contacts régionaux\n\n- Le Caire : service politique\n"
                        "- Riyad : chancellerie\n- Tel-Aviv : service de presse\n"
                        "- Jérusalem : consulat général\n\n"
                        "Procédure d'urgence : [[Cellule de crise régionale]].\n",
                        "Jérusalem",
                    ),
                ),
            ),
        ),
    ),
    Spec(
        name="Réseau Amériques",
        description="Postes d'Amérique du Nord et latine, et la direction des Amériques.",
        access=Access.OPEN,
        moderator=SOPHIE,
        organisations=(
            "dgp-ameriques",
            "amb-washington",
            "amb-ottawa",
            "amb-mexico",
            "amb-brasilia",
            "cg-new-york",
            "cg-montreal",
        ),
        featured=(SOPHIE,),
        posts=(
            Post(
                author=SOPHIE,
                subject="Midterms: what the new Congress means for our files",
                language="en",
                body=(
                    "A short read-out from Washington.\n\n"
                    "- **Trade**: expect hearings on tariffs in the spring.\n"
                    "- **Climate**: state-level coalitions matter more than ever.\n"
                    "- **Ukraine**: support remains bipartisan in the Senate.\n\n"
                    "Comments from Ottawa and Mexico welcome."
                ),
                days_ago=4,
                comments=(
                    ("", "Ottawa sees the same on climate: provinces lead.", None),
                    (SOPHIE, "Thanks — I'll add it to the next telegram.", 0),
                ),
            ),
        ),
    ),
    Spec(
        name="Réseau Asie-Pacifique",
        description="Les postes d'Asie et d'Océanie et la direction Asie.",
        access=Access.OPEN,
        moderator="",
        organisations=(
            "dgp-asie",
            "amb-pekin",
            "amb-tokyo",
            "amb-new-delhi",
            "amb-canberra",
            "cg-shanghai",
        ),
    ),
    Spec(
        name="Réseau Europe",
        description="Capitales européennes, représentation auprès de l'UE, direction Europe.",
        access=Access.OPEN,
        moderator="",
        organisations=(
            "dgp-eucon",
            "rp-ue",
            "amb-berlin",
            "amb-madrid",
            "amb-rome",
            "amb-bruxelles",
            "amb-varsovie",
            "amb-vienne",
            "amb-la-haye",
        ),
    ),
    Spec(
        name="Pratique consulaire",
        description=(
            "Entraide entre sections consulaires : état civil, visas, aide aux détenus, "
            "crises. Le wiki rassemble les fiches réflexes."
        ),
        access=Access.OPEN,
        moderator="",
        organisations=(
            "fae",
            "cg-",
            "amb-tokyo-consulaire",
            "amb-canberra-consulaire",
            "amb-bruxelles-consulaire",
            "amb-dakar-consulaire",
        ),
        featured=(CAMILLE,),
        posts=(
            Post(
                author="",
                subject="Fiche réflexe : ressortissant hospitalisé à l'étranger",
                body=(
                    "1. Joindre l'établissement et la famille (avec l'accord de l'intéressé).\n"
                    "2. Vérifier l'assurance et l'assistance rapatriement.\n"
                    "3. Informer le centre de crise si la situation l'exige.\n\n"
                    "La version complète est dans le wiki, page [[Fiches réflexes]]."
                ),
                days_ago=9,
                comments=((CAMILLE, "Merci ! Ajoutons le modèle de courrier aux familles.", None),),
            ),
        ),
        wiki=(
            Wiki(
                "Fiches réflexes",
                (
                    ("", "# Fiches réflexes\n\n- Hospitalisation\n", ""),
                    (
                        "",
                        "# Fiches réflexes\n\n- Hospitalisation\n- Décès\n- Détention\n",
                        "Décès et détention",
                    ),
                    (
                        "",
                        "# Fiches réflexes\n\n- Hospitalisation\n- Décès\n- Détention\n"
                        "- Enlèvement parental : voir [[Enlèvements parentaux]]\n",
                        "Lien vers les enlèvements parentaux",
                    ),
                ),
            ),
        ),
    ),
    Spec(
        name="Diplomatie numérique",
        description=(
            "Réseaux sociaux des postes, campagnes, veille et lutte contre la désinformation."
        ),
        access=Access.OPEN,
        moderator="",
        organisations=("dcp-numerique", "dnum", "amb-londres-presse", "amb-mexico-presse"),
        featured=(CAMILLE, SOPHIE),
        posts=(
            Post(
                author="",
                subject="Désinformation : le protocole de réponse en trois temps",
                body=(
                    "**Détecter**, **qualifier**, **répondre** — et ne jamais amplifier "
                    "un contenu marginal. Les postes qui le souhaitent peuvent tester "
                    "l'outil de veille la semaine prochaine."
                ),
                days_ago=1,
                comments=(
                    (SOPHIE, "Washington est volontaire. @camille.laurent, vous en êtes ?", None),
                    (CAMILLE, "Oui, pour la zone Moyen-Orient.", 0),
                ),
            ),
        ),
    ),
    Spec(
        name="Attachés de presse",
        description="Les services de presse des postes et la direction de la communication.",
        access=Access.ON_REQUEST,
        moderator="",
        organisations=(
            "dcp",
            "amb-londres-presse",
            "amb-mexico-presse",
            "amb-la-haye-presse",
            "amb-dakar-presse",
            "amb-riyad-presse",
        ),
        featured=(SOPHIE,),
    ),
    Spec(
        name="Presse, ONG et diplomatie",
        description=(
            "Un espace d'échange ouvert aux journalistes accrédités et aux ONG partenaires : "
            "briefings, questions, retours d'expérience. Rien que du Non protégé."
        ),
        access=Access.OPEN,
        open_to_externals=True,
        moderator="",
        organisations=("dcp-presse", "presse-internationale", "ssf"),
        featured=(ALEX, CAMILLE),
        posts=(
            Post(
                author="",
                subject="Briefing humanitaire : accès et protection des travailleurs",
                body=(
                    "Compte rendu du briefing de mardi avec les ONG. Les questions des "
                    "journalistes sont les bienvenues ici."
                ),
                days_ago=5,
                comments=(
                    (ALEX, "Une date pour le prochain briefing ?", None),
                    ("", "Fin du mois, nous confirmerons ici.", 0),
                ),
            ),
        ),
    ),
    Spec(
        name="Cellule de veille crises",
        description="Veille des crises en cours. Sur invitation du centre de crise.",
        access=Access.INVITATION,
        moderator=HENRI,
        organisations=("dgp-afmo-golfe",),
        limit=4,
    ),
    Spec(
        name="Rédaction diplomatique",
        description="Bien écrire un télégramme : exemples, conseils, relectures croisées.",
        access=Access.OPEN,
        moderator=CAMILLE,
        organisations=("dgp-afmo", "dgp-ameriques-nord"),
        featured=(CAMILLE, SOPHIE, HENRI),
        posts=(
            Post(
                author=CAMILLE,
                subject="Le résumé d'abord : cinq règles pour un bon télégramme",
                body=(
                    "1. Le résumé tient en trois phrases.\n"
                    "2. Une idée par paragraphe.\n"
                    "3. Les sources, toujours.\n"
                    "4. Ce que le poste recommande, clairement.\n"
                    "5. Relire à voix haute."
                ),
                days_ago=12,
                comments=(
                    (SOPHIE, "J'ajouterais : dater les faits. @henri.dubois ?", None),
                    (HENRI, "D'accord, et citer l'interlocuteur par sa fonction.", 0),
                ),
            ),
        ),
        wiki=(
            Wiki(
                "Guide de rédaction",
                (
                    (CAMILLE, "# Guide de rédaction\n\nLe résumé d'abord.\n", ""),
                    (
                        SOPHIE,
                        "# Guide de rédaction\n\nLe résumé d'abord.\n\nDater les faits.\n",
                        "Dates",
                    ),
                ),
            ),
        ),
    ),
    Spec(
        name="Coopération interministérielle",
        description="Avec l'Intérieur, les Armées et les Finances : contacts et sujets communs.",
        access=Access.OPEN,
        moderator="",
        organisations=("min-interieur", "min-armees", "min-finances", "dgp-afmo-golfe"),
    ),
    Spec(
        name="Diplomatie économique et entreprises",
        description="Avec les entreprises accréditées : export, salons, sanctions. Sur demande.",
        access=Access.ON_REQUEST,
        open_to_externals=True,
        moderator="",
        organisations=("min-finances", "navalia"),
    ),
    Spec(
        name="Protocole et visites officielles",
        description="Préparer une visite : programme, cadeaux, préséances.",
        access=Access.OPEN,
        moderator="",
        organisations=("amb-rome", "amb-berne", "amb-vienne"),
    ),
    Spec(
        name="Mobilité et premiers postes",
        description="Pour les agents qui partent en poste pour la première fois.",
        access=Access.OPEN,
        moderator="",
        organisations=("amb-nairobi", "amb-pretoria", "amb-tunis", "amb-alger", "amb-rabat"),
    ),
)


def _agents(codes: tuple[str, ...], limit: int) -> list[Agent]:
    today = timezone.localdate()
    query = Q(pk__in=[])
    for code in codes:
        query |= Q(organisation__code__startswith=code)
    ids = (
        Membership.objects.active(today)
        .filter(query, agent__is_active=True)
        .values_list("agent_id", flat=True)
        .distinct()
    )
    return list(Agent.objects.filter(pk__in=ids).order_by("email")[:limit])


def _issuer(agent: Agent) -> int:
    membership = Membership.objects.active().filter(agent=agent).order_by("pk").first()
    assert membership is not None
    return membership.organisation_id


def load_demo_communities(*, stdout: Callable[[str], None] | None = None) -> dict[str, int]:
    """Create the demo communities once; return what was created."""
    counts = dict.fromkeys(
        ("communities", "community members", "community posts", "comments", "wiki revisions"), 0
    )
    if Community.objects.exists() or not Agent.objects.filter(email=HENRI).exists():
        return counts
    with transaction.atomic():
        featured = {
            a.email: a for a in Agent.objects.filter(email__in=[CAMILLE, HENRI, SOPHIE, ALEX])
        }
        for spec in SPECS:
            _load(spec, featured, counts)
        _storyline(featured)
    if stdout is not None:
        stdout(
            f"Demo communities: {counts['communities']} communities, "
            f"{counts['community posts']} posts, {counts['comments']} comments."
        )
    return counts


def _load(spec: Spec, featured: dict[str, Agent], counts: dict[str, int]) -> None:
    members = _agents(spec.organisations, spec.limit)
    members += [featured[e] for e in spec.featured if e in featured]
    members = [
        a for a in {a.pk: a for a in members}.values() if spec.open_to_externals or not _external(a)
    ]
    if not members:
        return
    moderator = featured.get(spec.moderator) or next(a for a in members if not _external(a))
    community = do_create_community(
        moderator,
        name=spec.name,
        description=spec.description,
        access=spec.access,
        open_to_externals=spec.open_to_externals,
    )
    counts["communities"] += 1
    rows = [
        CommunityMembership(community=community, agent=agent, state=MembershipState.MEMBER)
        for agent in members
        if agent.pk != moderator.pk
    ]
    CommunityMembership.objects.bulk_create(rows)
    counts["community members"] += len(rows) + 1
    if len(rows) > 6:  # a second moderator in the larger communities
        CommunityMembership.objects.filter(community=community, agent_id=rows[0].agent_id).update(
            role=CommunityRole.MODERATOR
        )
    featured_ids = {a.pk for a in featured.values()}
    member_ids = [moderator.pk, *(r.agent_id for r in rows)]
    others = [pk for pk in member_ids if pk not in featured_ids] or member_ids

    def who(email: str, index: int) -> Agent:
        """A featured account by e-mail, or another member (never a featured one)."""
        if email and email in featured:
            return featured[email]
        return Agent.objects.get(pk=others[index % len(others)])

    for n, post in enumerate(spec.posts):
        _post(
            community,
            post,
            author=who(post.author, 1 + n),
            who=who,
            featured=featured,
            n=n,
            counts=counts,
        )
    for wiki in spec.wiki:
        page: WikiPage | None = None
        for i, (email, body, comment_text) in enumerate(wiki.revisions):
            editor = who(email, i)
            if page is None:
                page = do_create_wiki_page(
                    editor, community, title=wiki.title, body=body, comment=comment_text
                )
            else:
                do_edit_wiki_page(editor, page, title=wiki.title, body=body, comment=comment_text)
            counts["wiki revisions"] += 1


def _post(
    community: Community,
    post: Post,
    *,
    author: Agent,
    who: Callable[[str, int], Agent],
    featured: dict[str, Agent],
    n: int,
    counts: dict[str, int],
) -> None:
    publication = do_create_draft(
        author,
        DraftData(
            kind=Kind.ARTICLE,
            subject=post.subject,
            issuer=Organisation.objects.get(pk=_issuer(author)),
            body=post.body,
            summary=post.summary,
            language=post.language,
            community=community,
        ),
    )
    publication = do_send(author, publication)
    sent_at = timezone.now() - dt.timedelta(days=post.days_ago, hours=n)
    Publication.objects.filter(pk=publication.pk).update(sent_at=sent_at)
    counts["community posts"] += 1
    comments: list[Comment] = []
    for i, (email, text, answered) in enumerate(post.comments):
        comment = do_post_comment(
            who(email, 2 + i),
            publication,
            body=text,
            parent=None if answered is None else comments[answered],
        )
        Comment.objects.filter(pk=comment.pk).update(
            created_at=sent_at + dt.timedelta(hours=2 + 3 * i)
        )
        comments.append(comment)
        counts["comments"] += 1
    if REPORTED in {c.body for c in comments} and CAMILLE in featured:
        reported = next(c for c in comments if c.body == REPORTED)
        do_report_comment(
            featured[CAMILLE], reported.pk, reason="Propos dénigrants envers les collègues."
        )


def _storyline(featured: dict[str, Agent]) -> None:
    """A request waiting in Henri's queue; an invitation waiting for Camille."""
    network = Community.objects.filter(name="Réseau Moyen-Orient").first()
    requester = (
        Agent.objects.filter(memberships__organisation__code__startswith="amb-washington")
        .exclude(email=SOPHIE)
        .order_by("email")
        .first()
    )
    if network is not None and requester is not None:
        do_request_membership(
            requester, network, message="Je suis les questions régionales depuis Washington."
        )
    watch = Community.objects.filter(name="Cellule de veille crises").first()
    if (
        watch is not None
        and CAMILLE in featured
        and HENRI in featured
        and not CommunityMembership.objects.filter(community=watch, agent=featured[CAMILLE])
    ):
        do_invite(featured[HENRI], watch, featured[CAMILLE])


def _external(agent: Agent) -> bool:
    from diplomatie.access.perimeter import perimeter_of

    return not perimeter_of(agent).internal
