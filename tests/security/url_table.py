"""Every URL pattern of the project, how to build its address from the world, and what
each persona must get.

One row per named pattern (several rows when one pattern is worth trying on several
objects, told apart by `case`). `test_url_matrix.py` fails when a pattern has no row and
when a row names a pattern that no longer exists.

Answers:
    OK          200, the page
    NOT_FOUND   404, exactly as for a missing object (never 403: that would leak existence)
    SIGN_IN     302 to the sign-in page (`settings.LOGIN_URL`)
    ADMIN_SIGN_IN 302 to the admin's sign-in page (Django's admin guards itself)
    NOT_ALLOWED 405, a GET on a POST-only endpoint
    REDIRECT    302 somewhere else (after an action, or a refused action with a message)
    FORBIDDEN   403, only where existence is no secret (the admin's own permission pages)
    BAD_REQUEST 400, a request missing what the endpoint needs (no file to verify…)
    ACTS        POST-only: the persona may do it; the matrix does not try (the app's own
                tests do)

Adding a row: one `row(...)` line below (or `admin_model(...)` for a new ModelAdmin).
Adding a persona: one line in `personas.PERSONAS`, and add its name to the groups below
that it belongs to; a persona in no group gets NOT_FOUND wherever a row does not name it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.security.personas import PERSONAS
from tests.security.world import World

OK = "200"
NOT_FOUND = "404"
SIGN_IN = "sign-in"
ADMIN_SIGN_IN = "admin-sign-in"
NOT_ALLOWED = "405"
REDIRECT = "302"
FORBIDDEN = "403"
BAD_REQUEST = "400"
ACTS = "acts"

# --- Groups of personas ------------------------------------------------------------------
# Signed out: no session, or a session that no longer authenticates anyone.
SIGNED_OUT = ("anonymous", "deactivated")
# A session whose accreditation has ended: every page, public ones included, signs it out
# there and then and sends it to the sign-in page (which says why).
STOPPED = ("expired_external",)
LEVANT = ("desk_officer", "service_head")
MINISTRY = ("desk_officer", "service_head", "other_service", "poste_agent")
ADMINISTRATIONS = ("partner", "partner_service")  # partner_service: BELOW the partner
EXTERNALS = ("journalist", "company", "ngo")
ADMIN = ("admin",)
# Signed in and belonging somewhere (the administrator belongs everywhere).
MEMBERS = (*MINISTRY, *ADMINISTRATIONS, *EXTERNALS, *ADMIN)
# Every signed-in persona, including the external who belongs nowhere today.
SIGNED_IN = tuple(p for p in PERSONAS if p not in SIGNED_OUT and p not in STOPPED)
EVERYONE = tuple(PERSONAS)
GROUPS: dict[str, tuple[str, ...]] = {
    "LEVANT": LEVANT,
    "MINISTRY": MINISTRY,
    "ADMINISTRATIONS": ADMINISTRATIONS,
    "EXTERNALS": EXTERNALS,
    "MEMBERS": MEMBERS,
    "SIGNED_IN": SIGNED_IN,
    "EVERYONE": EVERYONE,
}

Answers = Mapping[str, str]


def answers(
    ok: Iterable[str] = (),
    *,
    others: str = NOT_FOUND,
    signed_out: str = SIGN_IN,
    ok_answer: str = OK,
    **overrides: str,
) -> dict[str, str]:
    """Every persona's answer: `ok` (persona names) get `ok_answer`, the signed-out get
    `signed_out`, everyone else `others`; keyword arguments name single personas."""
    result = dict.fromkeys(PERSONAS, others)
    result.update(dict.fromkeys(ok, ok_answer))
    result.update(dict.fromkeys(SIGNED_OUT, signed_out))
    result.update(dict.fromkeys(STOPPED, SIGN_IN))
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    result.update(overrides)
    return result


def public(answer: str = OK) -> dict[str, str]:
    """A page anyone may open, signed in or not."""
    return answers(EVERYONE, ok_answer=answer, signed_out=answer)


Args = Callable[[World], dict[str, Any]]


def no_args(_world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Row:
    name: str
    args: Args = no_args
    # What a GET answers, per persona.
    get: Answers = field(default_factory=dict)
    # POST-only endpoints and forms: what a POST answers, per persona (ACTS: not tried).
    post: Answers | None = None
    post_data: Callable[[World], dict[str, Any]] = no_args
    case: str = ""
    query: str = ""
    # Unnamed patterns (only the admin's own) are named by their route and give their URL.
    url: Callable[[World], str] | None = None

    @property
    def id(self) -> str:
        return f"{self.name}[{self.case}]" if self.case else self.name


def action(
    name: str,
    args: Args,
    *,
    acts: Iterable[str],
    refused: Iterable[str] = (),
    data: Callable[[World], dict[str, Any]] = no_args,
    case: str = "",
) -> Row:
    """A POST-only endpoint. `acts`: may do it (not tried here); `refused`: see the object
    but may not act (the action is refused with a message: 302 back, nothing written);
    everyone else: 404 (sign-in when signed out). A GET answers 405 before anything is
    looked up, whoever asks and whether the object exists or not: it tells nothing."""
    acts, refused = tuple(acts), tuple(refused)
    return Row(
        name,
        args,
        get=answers(SIGNED_IN, ok_answer=NOT_ALLOWED),
        post=answers(refused, ok_answer=REDIRECT, **dict.fromkeys(acts, ACTS)),
        post_data=data,
        case=case,
    )


# --- Arguments -----------------------------------------------------------------------------


def publication(attr: str) -> Args:
    return lambda w: {"publication_id": getattr(w, attr).pk}


def task(w: World) -> dict[str, Any]:
    return {"task_id": w.task.pk}


def community(attr: str = "community") -> Args:
    return lambda w: {"slug": getattr(w, attr).slug}


def wiki(w: World) -> dict[str, Any]:
    return {"slug": w.community.slug, "page": w.wiki.slug}


def revision(w: World) -> dict[str, Any]:
    return {**wiki(w), "number": 1}


def comment(w: World) -> dict[str, Any]:
    return {"comment_id": w.comment.pk}


def circuit(w: World) -> dict[str, Any]:
    return {"circuit_id": w.circuit.pk}


def accreditation(attr: str) -> Args:
    return lambda w: {"accreditation_id": getattr(w, attr).pk}


def charter(attr: str) -> Args:
    return lambda w: {"version_id": getattr(w, attr).pk}


def session(w: World) -> dict[str, Any]:
    return {"session_id": w.other_session.pk}


# Readers of the objects, per the issue (what the product SHOULD do).
TELEGRAM_READERS = MINISTRY  # audience "the ministry": not partner_service (not ministry)
ARTICLE_READERS = ("desk_officer", "service_head", "journalist", "company", "ngo")
CIRCUIT_READERS = ("desk_officer", "service_head")
LETTER_READERS = ("desk_officer", "service_head", "journalist")  # the Levant and the media
MODERATOR = ("service_head",)
# The journalist's accreditation: the sponsor (the desk officer), the administrators and
# the journalist themself.
SPONSOR_AND_ADMIN = ("desk_officer", *ADMIN)
ACCREDITATION_READERS = (*SPONSOR_AND_ADMIN, "journalist")
# Who has a second factor (required: the administrator, the head of service who signs,
# the desk officer as the head's delegate).
WITH_DEVICE = ("desk_officer", "service_head", *ADMIN)

ROWS: list[Row] = [
    # --- Core and journal ----------------------------------------------------------------
    Row("home", get=answers(SIGNED_IN)),
    Row("me", get=answers(SIGNED_IN)),
    Row("health", get=public()),
    # --- Accounts ------------------------------------------------------------------------
    Row(
        "accounts:login",
        get=answers(SIGNED_IN, ok_answer=REDIRECT, signed_out=OK),
        post=answers(SIGNED_IN, ok_answer=REDIRECT, signed_out=OK),
    ),
    Row("accounts:logout", get=answers(SIGNED_IN, ok_answer=NOT_ALLOWED)),
    Row("accounts:password_change", get=answers(SIGNED_IN), post=answers(SIGNED_IN)),
    Row("accounts:password_change_done", get=answers(SIGNED_IN)),
    Row("accounts:password_reset", get=public(), post=public()),
    Row("accounts:password_reset_done", get=public()),
    Row(
        "accounts:password_reset_confirm",
        lambda w: {"uidb64": "MQ", "token": "set-password"},
        get=public(),
    ),
    Row("accounts:password_reset_complete", get=public()),
    Row(
        "accounts:set_language",
        get=public(REDIRECT),
        post=public(REDIRECT),
        post_data=lambda w: {"language": "en", "next": "/"},
    ),
    Row("accounts:account", get=answers(SIGNED_IN)),
    Row("accounts:sessions", get=answers(SIGNED_IN)),
    # Ending another session: only its owner (the desk officer's other device).
    action("accounts:session_end", session, acts=["desk_officer"]),
    action("accounts:sessions_end_others", no_args, acts=SIGNED_IN),
    # Single sign-on is not configured in the tests: its pages do not exist.
    Row("accounts:sso_login", get=public(NOT_FOUND)),
    Row("accounts:sso_callback", get=public(NOT_FOUND)),
    # --- Accreditation -------------------------------------------------------------------
    # The public form (its throttle counts every POST: the app's own tests post).
    Row("accounts:apply", get=public(), post=public(ACTS)),
    Row("accounts:apply_done", get=public()),
    # Only agents of the ministry sponsor (the administrator belongs to no organisation).
    Row("accounts:invite", get=answers(MINISTRY), post=answers(MINISTRY, ok_answer=ACTS)),
    Row("accounts:accreditations", get=answers(ADMIN)),
    Row(
        "accounts:accreditation",
        accreditation("accreditation"),
        get=answers(ACCREDITATION_READERS),
        case="accepted",
    ),
    Row(
        "accounts:accreditation",
        accreditation("application"),
        get=answers(SPONSOR_AND_ADMIN),
        case="pending",
    ),
    action("accounts:accreditation_accept", accreditation("application"), acts=ADMIN),
    action("accounts:accreditation_refuse", accreditation("application"), acts=ADMIN),
    action("accounts:accreditation_revoke", accreditation("accreditation"), acts=ADMIN),
    action("accounts:accreditation_welcome_again", accreditation("accreditation"), acts=ADMIN),
    # The sponsor or an administrator; the accredited external does not renew their own.
    action("accounts:accreditation_renew", accreditation("accreditation"), acts=SPONSOR_AND_ADMIN),
    # A new external's first password: a wrong link says so (the page, "invalid link").
    Row("accounts:welcome", lambda w: {"uidb64": "MQ", "token": "not-a-token"}, get=public()),
    Row("accounts:welcome_done", get=public()),
    # --- The security charter ------------------------------------------------------------
    # Everyone reads it; externals accept it (the others are sent back to it).
    Row(
        "accounts:charter",
        get=answers(SIGNED_IN),
        post=answers(SIGNED_IN, ok_answer=REDIRECT, **dict.fromkeys(EXTERNALS, ACTS)),
    ),
    Row("accounts:charter_versions", get=answers(ADMIN)),
    Row(
        "accounts:charter_draft",
        get=answers(ADMIN),
        post=answers(ADMIN, ok_answer=ACTS),
        post_data=lambda w: {"text_fr": "# Charte", "text_en": "# Charter"},
    ),
    Row(
        "accounts:charter_version",
        charter("charter"),
        get=answers(ADMIN),
        case="published",
    ),
    Row(
        "accounts:charter_version",
        charter("charter_draft"),
        get=answers(ADMIN),
        case="draft",
    ),
    action("accounts:charter_publish", charter("charter_draft"), acts=ADMIN),
    # --- Second factor -------------------------------------------------------------------
    Row("accounts:second_factor", get=answers(SIGNED_IN)),
    # The sign-in's second step: nobody here has one left to pass (verified, or no
    # device), so it sends them on at once.
    Row(
        "accounts:second_factor_verify",
        get=answers(SIGNED_IN, ok_answer=REDIRECT),
        post=answers(SIGNED_IN, ok_answer=REDIRECT),
    ),
    Row("accounts:totp_setup", get=answers(SIGNED_IN), post=answers(SIGNED_IN, ok_answer=ACTS)),
    Row(
        "accounts:passkey_setup",
        get=answers(SIGNED_IN),
        post=answers(SIGNED_IN, ok_answer=ACTS),
    ),
    # The options of a new passkey (JSON), for anyone enrolling one (the library gives
    # the account its WebAuthn user handle on the first call).
    Row(
        "accounts:passkey_registration_options",
        get=answers(SIGNED_IN, ok_answer=NOT_ALLOWED),
        post=answers(SIGNED_IN, ok_answer=ACTS),
    ),
    # Nobody here has a passkey: 404 (JSON) for everyone.
    action("accounts:passkey_assertion_options", no_args, acts=()),
    # New recovery codes: for a verified agent who has a device.
    action("accounts:recovery_codes", no_args, acts=WITH_DEVICE),
    action(
        "accounts:remove_device",
        lambda w: {"kind": "totp", "device_id": w.device.pk},
        acts=["desk_officer"],
    ),
    # An administrator (past the second step) resets someone's second factor.
    Row(
        "accounts:second_factor_reset",
        lambda w: {"agent_id": w.agent("desk_officer").pk},
        get=answers(ADMIN),
        post=answers(ADMIN, ok_answer=ACTS),
        post_data=lambda w: {"reason": "Téléphone perdu."},
    ),
    # --- Directory -----------------------------------------------------------------------
    Row("directory:tree", get=answers(SIGNED_IN)),
    Row("directory:people", get=answers(SIGNED_IN)),
    # The list of what externals may and may not do: for everyone to read.
    Row("directory:external_rights", get=answers(SIGNED_IN)),
    Row(
        "directory:organisation",
        lambda w: {"code": w.tree.levant.code},
        get=answers(MEMBERS),
        case="ministry service",
    ),
    Row(
        "directory:organisation",
        lambda w: {"code": w.tree.media.code},
        # The company and the NGO share a community with the journalist: they see the
        # organisations of the members they may see.
        get=answers((*MINISTRY, *ADMINISTRATIONS, *EXTERNALS, *ADMIN)),
        case="a media",
    ),
    # Externals see their own organisation, their sponsor and the members of their
    # communities, nobody else.
    Row(
        "directory:agent",
        lambda w: {"agent_id": w.agent("poste_agent").pk},
        get=answers((*MINISTRY, *ADMINISTRATIONS, *ADMIN)),
        case="ministry agent in none of the externals' communities",
    ),
    Row(
        "directory:agent",
        lambda w: {"agent_id": w.agent("desk_officer").pk},
        get=answers((*MINISTRY, *ADMINISTRATIONS, *EXTERNALS, *ADMIN)),
        case="ministry agent in a community with the externals",
    ),
    Row(
        "directory:agent",
        lambda w: {"agent_id": w.agent("company").pk},
        get=answers((*MINISTRY, *ADMINISTRATIONS, *EXTERNALS, *ADMIN)),
        case="company agent in a community with the other externals",
    ),
    # --- Publications --------------------------------------------------------------------
    Row("publications:compose", get=answers(SIGNED_IN), post=answers(SIGNED_IN)),
    Row("publications:drafts", get=answers(SIGNED_IN)),
    Row(
        "publications:detail",
        publication("telegram"),
        get=answers(TELEGRAM_READERS),
        case="telegram to the ministry",
    ),
    Row("publications:detail", publication("draft"), get=answers(["desk_officer"]), case="draft"),
    Row(
        "publications:detail",
        publication("sent_letter"),
        get=answers(LETTER_READERS),
        case="signed letter to a media",
    ),
    Row(
        "publications:detail",
        publication("article"),
        get=answers(ARTICLE_READERS),
        case="article in a community open to externals",
    ),
    Row(
        "publications:edit",
        publication("draft"),
        get=answers(["desk_officer"]),
        post=answers(["desk_officer"], ok_answer=ACTS),
        case="draft",
    ),
    Row(
        "publications:edit",
        publication("article"),
        get=answers(["service_head"]),
        post=answers(["service_head"], ok_answer=ACTS),
        case="someone else's article",
    ),
    Row(
        "publications:edit",
        publication("telegram"),
        # The edit form exists only for drafts (and articles) of their authors: sent, the
        # telegram has none, not even for its author.
        get=answers(),
        post=answers(),
        case="sent telegram",
    ),
    action("publications:send", publication("draft"), acts=["desk_officer"]),
    action("publications:delete", publication("draft"), acts=["desk_officer"]),
    action(
        "publications:acknowledge",
        publication("telegram"),
        acts=LEVANT,
        refused=("other_service", "poste_agent"),
    ),
    action("publications:mark_read", publication("telegram"), acts=TELEGRAM_READERS),
    action(
        "publications:add_attachment",
        publication("draft"),
        acts=["desk_officer"],
    ),
    Row(
        "publications:attachment",
        lambda w: {"publication_id": w.telegram.pk, "attachment_id": w.attachment.pk},
        get=answers(TELEGRAM_READERS),
    ),
    # --- Tasks ---------------------------------------------------------------------------
    action("routing:take", task, acts=LEVANT, refused=("other_service", "poste_agent")),
    action(
        "routing:assign",
        task,
        acts=["service_head"],
        refused=("desk_officer", "other_service", "poste_agent"),
        data=lambda w: {"assignee": w.agent("desk_officer").pk},
    ),
    action("routing:start", task, acts=LEVANT, refused=("other_service", "poste_agent")),
    action(
        "routing:close",
        task,
        acts=LEVANT,
        refused=("other_service", "poste_agent"),
        data=lambda w: {"note": "Traité."},
    ),
    action(
        "routing:reroute",
        task,
        acts=LEVANT,
        refused=("other_service", "poste_agent"),
        data=lambda w: {"organisation": w.tree.consular.pk, "note": "Pour vous."},
    ),
    # --- Notifications -------------------------------------------------------------------
    Row("notifications:inbox", get=answers(SIGNED_IN)),
    action("notifications:mark_all_read", no_args, acts=SIGNED_IN),
    # --- Communities ---------------------------------------------------------------------
    Row("communities:index", get=answers(SIGNED_IN)),
    Row(
        "communities:create",
        get=answers((*MINISTRY, *ADMINISTRATIONS, *ADMIN)),
        post=answers((*MINISTRY, *ADMINISTRATIONS, *ADMIN), ok_answer=ACTS),
        post_data=lambda w: {"name": "Nouvelle", "access": "open"},
    ),
    Row(
        "communities:detail",
        community(),
        get=answers((*MINISTRY, *ADMINISTRATIONS, *EXTERNALS, *ADMIN)),
        case="open to externals",
    ),
    Row(
        "communities:detail",
        community("private"),
        get=answers(MODERATOR),
        case="on invitation",
    ),
    action(
        "communities:join",
        community(),
        acts=(*MINISTRY, *ADMINISTRATIONS, *EXTERNALS, *ADMIN),
    ),
    action(
        "communities:join", community("private"), acts=(), refused=MODERATOR, case="on invitation"
    ),
    action("communities:leave", community(), acts=ARTICLE_READERS),
    action(
        "communities:answer_invitation",
        community("private"),
        acts=(),
        refused=MODERATOR,
        data=lambda w: {"answer": "accept"},
    ),
    Row("communities:members", community(), get=answers(ARTICLE_READERS)),
    action(
        "communities:invite",
        community(),
        acts=MODERATOR,
        data=lambda w: {"email": "partner@sec.example"},
    ),
    action(
        "communities:set_role",
        lambda w: {"slug": w.community.slug, "membership_id": w.moderator_membership.pk},
        acts=MODERATOR,
        data=lambda w: {"role": "member"},
    ),
    Row("communities:requests", community("on_request"), get=answers(MODERATOR)),
    action(
        "communities:decide",
        lambda w: {"slug": w.on_request.slug, "membership_id": w.request.pk},
        acts=MODERATOR,
        data=lambda w: {"decision": "approve"},
    ),
    action(
        "communities:post_comment",
        publication("article"),
        acts=ARTICLE_READERS,
        data=lambda w: {"body": "Un commentaire."},
    ),
    Row(
        "communities:edit_comment",
        comment,
        get=answers(["journalist"]),
        post=answers(["journalist"], ok_answer=ACTS),
        post_data=lambda w: {"body": "Modifié."},
    ),
    action(
        "communities:delete_comment",
        comment,
        acts=("journalist", *MODERATOR),
        refused=("desk_officer", "company", "ngo"),
    ),
    Row(
        "communities:report_comment",
        comment,
        get=answers(ARTICLE_READERS),
        # The author may not report their own comment, nor the desk officer twice: the
        # form says so (200) and nothing is written.
        post=answers(ARTICLE_READERS, service_head=ACTS, company=ACTS, ngo=ACTS),
        post_data=lambda w: {"reason": "Abusif."},
    ),
    action(
        "communities:handle_report",
        lambda w: {"report_id": w.report.pk},
        acts=MODERATOR,
        data=lambda w: {"decision": "dismiss"},
    ),
    Row(
        "communities:wiki",
        community(),
        get=answers(ARTICLE_READERS),
        post=answers(ARTICLE_READERS, ok_answer=ACTS),
        post_data=lambda w: {"title": "Nouvelle page", "body": "Texte."},
    ),
    Row("communities:wiki_page", wiki, get=answers(ARTICLE_READERS)),
    Row(
        "communities:wiki_edit",
        wiki,
        get=answers(ARTICLE_READERS),
        post=answers(ARTICLE_READERS, ok_answer=ACTS),
        post_data=lambda w: {"title": "Charte", "body": "Troisième version."},
    ),
    Row("communities:wiki_history", wiki, get=answers(ARTICLE_READERS)),
    Row("communities:wiki_diff", wiki, get=answers(ARTICLE_READERS)),
    Row("communities:wiki_revision", revision, get=answers(ARTICLE_READERS)),
    action("communities:wiki_revert", revision, acts=ARTICLE_READERS),
    # --- Audience ------------------------------------------------------------------------
    Row("audience:index", get=answers(SIGNED_IN, ok_answer=REDIRECT)),
    Row("audience:follows", get=answers(SIGNED_IN)),
    action(
        "audience:follow",
        no_args,
        acts=SIGNED_IN,
        data=lambda w: {"action": "follow", "agent": w.agent("desk_officer").pk},
    ),
    action(
        "audience:rate",
        publication("telegram"),
        acts=TELEGRAM_READERS,
        data=lambda w: {"score": "4"},
    ),
    Row("audience:publication", publication("telegram"), get=answers(("poste_agent",))),
    Row("audience:publication_export", publication("telegram"), get=answers(("poste_agent",))),
    Row(
        "audience:publication_plot",
        lambda w: {"publication_id": w.telegram.pk, "plot": "views"},
        get=answers(("poste_agent",)),
    ),
    Row("audience:scope", lambda w: {"key": "org-lev"}, get=answers(("service_head",))),
    Row("audience:scope_export", lambda w: {"key": "org-lev"}, get=answers(("service_head",))),
    Row(
        "audience:scope_plot",
        lambda w: {"key": "org-lev", "plot": "views"},
        get=answers(("service_head",)),
    ),
    # --- Signatures (public material of the platform's certificate authority) ------------
    Row("signatures:crl", get=public()),
    Row("signatures:root_crl", get=public()),
    Row("signatures:root_pem", get=public()),
    Row("signatures:root_cer", get=public()),
    Row("signatures:issuing_cer", get=public()),
    # Verifying a signed file is for signed-in members; a POST without a file is refused.
    Row(
        "signatures:verify",
        get=answers(SIGNED_IN),
        post=answers(SIGNED_IN, ok_answer=BAD_REQUEST),
    ),
    # --- Parapheur -----------------------------------------------------------------------
    Row("parapheur:mine", get=answers(SIGNED_IN)),
    Row("parapheur:templates", get=answers((*MINISTRY, *ADMIN))),
    Row(
        "parapheur:delegations",
        get=answers(MINISTRY),
        post=answers(MINISTRY, ok_answer=ACTS),
        post_data=lambda w: {"delegate": "desk_officer@sec.example"},
    ),
    action(
        "parapheur:cancel_delegation",
        lambda w: {"delegation_id": w.delegation.pk},
        acts=MODERATOR,
    ),
    Row(
        "parapheur:start",
        publication("letter"),
        get=answers(["desk_officer"]),
        post=answers(["desk_officer"], ok_answer=ACTS),
        case="draft letter to a media",
    ),
    Row(
        "parapheur:start",
        publication("sent_letter"),
        # Sent: no circuit to start, not even for its author.
        get=answers(),
        post=answers(),
        case="sent letter to a media",
    ),
    Row(
        "parapheur:start",
        publication("article"),
        get=answers(),
        post=answers(),
        case="article",
    ),
    Row("parapheur:circuit", circuit, get=answers(CIRCUIT_READERS)),
    action(
        "parapheur:act",
        lambda w: {"circuit_id": w.circuit.pk, "step_id": w.step.pk},
        acts=MODERATOR,
        refused=("desk_officer",),
    ),
    action("parapheur:withdraw", circuit, acts=("desk_officer",), refused=MODERATOR),
    Row("parapheur:document", circuit, get=answers(CIRCUIT_READERS)),
    Row(
        "parapheur:signed_document",
        publication("letter"),
        get=answers(),
        case="draft letter",
    ),
    Row(
        "parapheur:signed_document",
        publication("sent_letter"),
        get=answers(LETTER_READERS),
        case="sent letter to a media",
    ),
    Row(
        "parapheur:evidence",
        lambda w: {"circuit_id": w.circuit.pk, "fmt": "json"},
        get=answers(CIRCUIT_READERS),
    ),
    # --- Audit log -----------------------------------------------------------------------
    Row("audit:events", get=answers(ADMIN)),
    Row("audit:export", get=answers(ADMIN)),
    action("audit:verify", no_args, acts=ADMIN),
]


# --- The admin site ------------------------------------------------------------------------
# Django's admin guards itself: whoever is signed in but not staff is sent to its sign-in
# page; the signed-out are sent to the platform's sign-in first.
ADMIN_ONLY = answers(ADMIN, others=ADMIN_SIGN_IN)
# The admin site's own pages send even the signed-out to the admin's sign-in page.
ADMIN_SITE = answers(ADMIN, others=ADMIN_SIGN_IN, signed_out=ADMIN_SIGN_IN)
# What the administrator gets on pages the admin refuses to everyone: the append-only
# audit log and the records kept by libraries (no adding, no deleting).
ADMIN_REFUSES = answers(others=ADMIN_SIGN_IN, admin=FORBIDDEN)
# The administrator on an object that does not exist: back to the index with a message.
ADMIN_MISSING = answers(others=ADMIN_SIGN_IN, admin=REDIRECT)
ADMIN_VIEWS = ("changelist", "add", "history", "delete", "change")


def admin_model(
    label: str,
    obj: Callable[[World], object] | None,
    *,
    posts: Mapping[str, Answers] | None = None,
    **views: Answers,
) -> list[Row]:
    """The five pages the admin gives a registered model (`label` as in its URL names:
    `directory_agent`), tried on `obj`'s primary key (`None`: the world holds none, so the
    object pages answer as for a missing one); `views` overrides an answer."""
    rows = []
    for view in ADMIN_VIEWS:
        args: Args = no_args
        get = views.get(view, ADMIN_ONLY)
        if view in ("history", "delete", "change"):
            args = _object_id(obj) if obj else (lambda w: {"object_id": "999999"})
            if obj is None:
                get = views.get(view, ADMIN_MISSING)
        post: Answers | None = admin_form(get) if view in ("add", "delete", "change") else None
        if posts and view in posts:
            post = posts[view]
        rows.append(Row(f"admin:{label}_{view}", args, get=get, post=post))
    return rows


def admin_form(get: Answers) -> dict[str, str]:
    """A POST to an admin form: the administrator acts; the others get what a GET gets."""
    return {persona: ACTS if answer == OK else answer for persona, answer in get.items()}


def _object_id(obj: Callable[[World], object]) -> Args:
    return lambda w: {"object_id": str(getattr(obj(w), "pk", obj(w)))}


def _first(model: str) -> Callable[[World], object]:
    def pick(_w: World) -> object:
        from django.apps import apps

        found = apps.get_model(model).objects.order_by("pk").first()
        assert found is not None, f"the world holds no {model}"
        return found

    return pick


ROWS += [
    Row("admin:index", get=ADMIN_SITE),
    Row(
        "admin:login",
        get=answers(ADMIN, others=OK, signed_out=OK, admin=REDIRECT),
        post=public(),
    ),
    Row(
        "admin:logout",
        get=answers(others=REDIRECT, signed_out=ADMIN_SIGN_IN, admin=NOT_ALLOWED),
    ),
    Row("admin:password_change", get=ADMIN_SITE, post=admin_form(ADMIN_SITE)),
    Row("admin:password_change_done", get=ADMIN_SITE),
    # Without its parameters the autocomplete refuses (its own 403, even to the admin).
    Row(
        "admin:autocomplete",
        get=answers(others=ADMIN_SIGN_IN, signed_out=ADMIN_SIGN_IN, admin=FORBIDDEN),
    ),
    Row("admin:jsi18n", get=ADMIN_SITE),
    # treebeard's copy of the admin's translation catalogue: static text, no data.
    Row("admin:javascript-catalog", get=answers(SIGNED_IN)),
    Row(
        "admin:view_on_site",
        lambda w: {"content_type_id": "1", "object_id": "1"},
        get=answers(others=ADMIN_SIGN_IN, signed_out=ADMIN_SIGN_IN, admin=NOT_FOUND),
    ),
    Row("admin:app_list", lambda w: {"app_label": "directory"}, get=ADMIN_SITE),
    Row(
        "admin:auth_user_password_change",
        lambda w: {"id": str(w.agent("desk_officer").pk)},
        get=ADMIN_ONLY,
        post=admin_form(ADMIN_ONLY),
    ),
    *admin_model("directory_organisation", lambda w: w.tree.levant),
    *admin_model("directory_agent", lambda w: w.agent("desk_officer")),
    *admin_model("directory_membership", _first("directory.Membership")),
    *admin_model("auth_group", None),
    *admin_model("audit_event", _first("audit.Event"), add=ADMIN_REFUSES, delete=ADMIN_REFUSES),
    *admin_model("parapheur_circuittemplate", None),
    *admin_model("parapheur_delegation", lambda w: w.delegation),
    *admin_model("axes_accessattempt", None, add=ADMIN_REFUSES),
    *admin_model("axes_accesslog", None, add=ADMIN_REFUSES),
    *admin_model("axes_accessfailurelog", None, add=ADMIN_REFUSES),
    # django-otp's device pages are not in the admin at all (they would show any agent's
    # secret key and QR code, and let an administrator choose someone's key): a lost device
    # is reset on the platform's own audited page (accounts:second_factor_reset).
    *admin_model(
        "django_tasks_database_dbtaskresult",
        None,
        add=ADMIN_REFUSES,
        delete=ADMIN_REFUSES,
        # Task results are read-only: saving one is refused even to the administrator.
        posts={"change": ADMIN_REFUSES},
    ),
]


def _legacy_change_url(label: str) -> Callable[[World], str]:
    return lambda _w: f"/admin/{label}/1/"


# The admin's unnamed patterns: its redirects to the change page, treebeard's tree moves,
# and the catch-all (which sends to the index or answers 404).
ROWS += [
    *(
        Row(
            f"admin/{label}/<path:object_id>/",
            url=_legacy_change_url(label),
            # Django's old address of a change page: sends on to it.
            get=answers(others=ADMIN_SIGN_IN, admin=REDIRECT),
        )
        for label in (
            "axes/accessattempt",
            "axes/accesslog",
            "axes/accessfailurelog",
            "directory/organisation",
            "directory/agent",
            "directory/membership",
            "auth/group",
            "audit/event",
            "parapheur/circuittemplate",
            "parapheur/delegation",
            "django_tasks_database/dbtaskresult",
        )
    ),
    Row(
        "admin/directory/organisation/move/",
        url=lambda w: "/admin/directory/organisation/move/",
        # treebeard's drag-and-drop move: refuses a request without its fields.
        get=answers(others=ADMIN_SIGN_IN, admin=BAD_REQUEST),
    ),
    Row(
        "admin/directory/organisation/children/<str:parent_id>/",
        url=lambda w: f"/admin/directory/organisation/children/{w.tree.ministry.pk}/",
        get=ADMIN_ONLY,
    ),
    Row(
        "admin/(?P<url>.*)$",
        url=lambda w: "/admin/nowhere/",
        get=answers(others=ADMIN_SIGN_IN, signed_out=ADMIN_SIGN_IN, admin=NOT_FOUND),
    ),
]
