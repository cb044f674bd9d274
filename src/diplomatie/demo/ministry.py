"""A realistic, deterministic demo foreign ministry: its tree, its postes and its people.

Everything is drawn from fixed lists by a generator seeded with 2026, so every run plans
the same organisations, agents and memberships. Loading creates only what is missing,
found by natural key (organisation code, agent e-mail, membership agent, organisation,
role and start), so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.contrib.auth.hashers import make_password
from django.db import transaction

from diplomatie.directory.actions import do_add_membership, do_create_organisation
from diplomatie.directory.models import Agent, Membership, Organisation, OrganisationKind, Role

K = OrganisationKind

# The published password of the demo accounts.
DEMO_PASSWORD = "demo"  # noqa: S105  # nosec B105
SEED = 2026

FEATURED_ACCOUNTS: list[tuple[str, str]] = [
    (
        "Headquarters service agent (desk officer, Middle East service)",
        "camille.laurent@diplomatie.example",
    ),
    ("Head of service (Middle East service)", "henri.dubois@diplomatie.example"),
    ("Embassy agent (Washington)", "sophie.bernard@diplomatie.example"),
    ("Accredited journalist (external)", "alex.morgan@presse-internationale.example"),
    ("Administrator", "admin@diplomatie.example"),
]

HQ_DOMAIN = "diplomatie.example"
HQ_PHONE = "+33 1 53 69"

# Current postings start between these days; earlier postings end before them.
FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)


# --- Titles and staffing -------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    male: str
    female: str
    en: str

    def fr(self, *, female: bool) -> str:
        return self.female if female else self.male


def _t(male: str, female: str | None, en: str) -> Title:
    return Title(male, female or male, en)


@dataclass(frozen=True)
class Staffing:
    """Who works in an organisation: one head, then optional delegate, secretary, members."""

    head: Title
    members: tuple[Title, ...] = ()
    size: tuple[int, int] = (0, 0)
    secretary: float = 0.0
    delegate: Title | None = None
    delegate_role: str = Role.DELEGATE
    local: Title | None = None
    local_chance: float = 0.0


SECRETARY = _t("Secrétaire", None, "Assistant")
DESK_OFFICER = _t("Rédacteur", "Rédactrice", "Desk officer")
POLICY_OFFICER = _t("Chargé de mission", "Chargée de mission", "Policy officer")
PRESS_OFFICER = _t("Chargé de presse", "Chargée de presse", "Press officer")
LEGAL_ADVISER = _t("Juriste", None, "Legal adviser")
FIRST_SECRETARY = _t("Premier secrétaire", "Première secrétaire", "First secretary")
SECOND_SECRETARY = _t("Deuxième secrétaire", None, "Second secretary")
VICE_CONSUL = _t("Vice-consul", "Vice-consule", "Vice-consul")
CONSULAR_CLERK = _t("Agent consulaire", "Agente consulaire", "Consular clerk")
COUNSELLOR = _t("Conseiller", "Conseillère", "Counsellor")

MINISTRY_STAFF = Staffing(
    head=_t("Secrétaire général", "Secrétaire générale", "Secretary-General"),
    delegate=_t(
        "Secrétaire général adjoint", "Secrétaire générale adjointe", "Deputy Secretary-General"
    ),
    secretary=1.0,
)
DIRECTORATE_STAFF = Staffing(
    head=_t("Directeur", "Directrice", "Director"),
    members=(POLICY_OFFICER,),
    size=(0, 1),
    secretary=1.0,
)
DG_STAFF = replace(
    DIRECTORATE_STAFF,
    head=_t("Directeur général", "Directrice générale", "Director-General"),
    delegate=_t(
        "Directeur général adjoint", "Directrice générale adjointe", "Deputy Director-General"
    ),
)
SUBDIRECTORATE_STAFF = Staffing(
    head=_t("Sous-directeur", "Sous-directrice", "Deputy director"),
    secretary=0.4,
)
REGIONAL_STAFF = replace(SUBDIRECTORATE_STAFF, head=DIRECTORATE_STAFF.head)
SERVICE_STAFF = Staffing(
    head=_t("Chef du service", "Cheffe du service", "Head of service"),
    members=(DESK_OFFICER,),
    size=(1, 2),
    secretary=0.15,
)

DEFAULT_STAFF: dict[str, Staffing] = {
    K.DIRECTORATE: DIRECTORATE_STAFF,
    K.SUBDIRECTORATE: SUBDIRECTORATE_STAFF,
    K.SERVICE: SERVICE_STAFF,
}


def _service(
    *members: Title, head: Title | None = None, size: tuple[int, int] = (1, 2)
) -> Staffing:
    return replace(SERVICE_STAFF, members=members, head=head or SERVICE_STAFF.head, size=size)


# --- Headquarters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    kind: str
    code: str
    name: str
    name_en: str
    acronym: str = ""
    children: tuple[Node, ...] = ()
    staffing: Staffing | None = None
    city: str = ""


def _dir(
    code: str,
    name: str,
    name_en: str,
    acronym: str,
    *children: Node,
    staffing: Staffing | None = None,
) -> Node:
    return Node(K.DIRECTORATE, code, name, name_en, acronym, children, staffing)


def _sub(
    code: str,
    name: str,
    name_en: str,
    acronym: str,
    *children: Node,
    staffing: Staffing | None = None,
) -> Node:
    return Node(K.SUBDIRECTORATE, code, name, name_en, acronym, children, staffing)


def _svc(
    code: str,
    name: str,
    name_en: str,
    staffing: Staffing | None = None,
    *,
    acronym: str = "",
    city: str = "",
) -> Node:
    return Node(K.SERVICE, code, name, name_en, acronym, (), staffing, city)


HEADQUARTERS: tuple[Node, ...] = (
    _dir(
        "dgp",
        "Direction générale des affaires politiques et de sécurité",
        "Directorate-General for Political Affairs and Security",
        "DGP",
        _sub(
            "dgp-afmo",
            "Direction d'Afrique du Nord et du Moyen-Orient",
            "Directorate for North Africa and the Middle East",
            "ANMO",
            _svc("dgp-afmo-moyen-orient", "Service Moyen-Orient", "Middle East service"),
            _svc("dgp-afmo-maghreb", "Service Maghreb", "Maghreb service"),
            _svc(
                "dgp-afmo-golfe",
                "Service du Golfe et de la péninsule Arabique",
                "Gulf and Arabian Peninsula service",
            ),
            staffing=REGIONAL_STAFF,
        ),
        _sub(
            "dgp-ameriques",
            "Direction des Amériques et des Caraïbes",
            "Directorate for the Americas and the Caribbean",
            "DAMC",
            _svc("dgp-ameriques-nord", "Service Amérique du Nord", "North America service"),
            _svc(
                "dgp-ameriques-latine",
                "Service Amérique latine et Caraïbes",
                "Latin America and Caribbean service",
            ),
            staffing=REGIONAL_STAFF,
        ),
        _sub(
            "dgp-asie",
            "Direction d'Asie et d'Océanie",
            "Directorate for Asia and Oceania",
            "ASIE",
            _svc("dgp-asie-extreme-orient", "Service Extrême-Orient", "Far East service"),
            _svc("dgp-asie-sud", "Service Asie du Sud", "South Asia service"),
            _svc("dgp-asie-oceanie", "Service Océanie et Pacifique", "Oceania and Pacific service"),
            staffing=REGIONAL_STAFF,
        ),
        _sub(
            "dgp-eucon",
            "Direction de l'Europe continentale",
            "Directorate for Continental Europe",
            "DEC",
            _svc(
                "dgp-eucon-ouest",
                "Service Europe occidentale et nordique",
                "Western and Nordic Europe service",
            ),
            _svc("dgp-eucon-russie", "Service Russie et Eurasie", "Russia and Eurasia service"),
            staffing=REGIONAL_STAFF,
        ),
        _sub(
            "dgp-afrique",
            "Direction de l'Afrique et de l'océan Indien",
            "Directorate for Africa and the Indian Ocean",
            "DAOI",
            _svc("dgp-afrique-ouest", "Service Afrique de l'Ouest", "West Africa service"),
            _svc(
                "dgp-afrique-est",
                "Service Afrique orientale et australe",
                "East and Southern Africa service",
            ),
            staffing=REGIONAL_STAFF,
        ),
        _sub(
            "dgp-nuoi",
            "Direction des Nations unies et des organisations internationales",
            "Directorate for the United Nations and International Organisations",
            "NUOI",
            _svc(
                "dgp-nuoi-droits",
                "Service des droits de l'homme et des affaires humanitaires",
                "Human Rights and Humanitarian Affairs service",
            ),
            staffing=REGIONAL_STAFF,
        ),
        staffing=DG_STAFF,
    ),
    _dir(
        "fae",
        "Direction des Français à l'étranger et de l'administration consulaire",
        "Directorate for French Nationals Abroad and Consular Administration",
        "DFAE",
        _sub(
            "fae-visas",
            "Sous-direction des visas",
            "Visa sub-directorate",
            "SDV",
            _svc(
                "fae-visas-politique",
                "Bureau de la politique des visas",
                "Visa policy office",
                _service(POLICY_OFFICER),
            ),
            _svc(
                "fae-visas-contentieux",
                "Bureau du contentieux des visas",
                "Visa appeals office",
                _service(LEGAL_ADVISER),
            ),
        ),
        _sub(
            "fae-administration",
            "Sous-direction de l'administration des Français",
            "Sub-directorate for the Administration of French Nationals",
            "SAF",
            _svc(
                "fae-etat-civil",
                "Service central d'état civil",
                "Central civil registry service",
                _service(_t("Officier d'état civil", "Officière d'état civil", "Registrar")),
                city="Nantes",
                acronym="SCEC",
            ),
        ),
        _svc(
            "fae-aide-consulaire",
            "Service de l'aide consulaire",
            "Consular assistance service",
            _service(_t("Agent d'aide consulaire", "Agente d'aide consulaire", "Consular officer")),
        ),
    ),
    _dir(
        "dcp",
        "Direction de la communication et de la presse",
        "Directorate for Communication and Press",
        "DCP",
        _svc(
            "dcp-porte-parolat",
            "Porte-parolat",
            "Spokesperson's office",
            _service(
                _t("Porte-parole adjoint", "Porte-parole adjointe", "Deputy spokesperson"),
                head=_t("Porte-parole", None, "Spokesperson"),
                size=(1, 1),
            ),
        ),
        _svc(
            "dcp-presse",
            "Service de presse",
            "Press service",
            _service(PRESS_OFFICER, size=(2, 3)),
        ),
        _svc(
            "dcp-numerique",
            "Service de la diplomatie numérique",
            "Digital diplomacy service",
            _service(
                _t(
                    "Chargé de communication numérique",
                    "Chargée de communication numérique",
                    "Digital communication officer",
                ),
                _t("Gestionnaire de communauté", None, "Community manager"),
            ),
        ),
    ),
    _dir(
        "protocole",
        "Direction du protocole",
        "Protocol directorate",
        "",
        _svc("protocole-ceremonial", "Service du cérémonial", "Ceremonial service"),
        _svc(
            "protocole-immunites",
            "Service des privilèges et immunités diplomatiques",
            "Diplomatic privileges and immunities service",
        ),
        staffing=replace(
            DIRECTORATE_STAFF,
            head=_t("Chef du protocole", "Cheffe du protocole", "Chief of protocol"),
        ),
    ),
    _dir(
        "daj",
        "Direction des affaires juridiques",
        "Legal Affairs directorate",
        "DAJ",
        _sub(
            "daj-dip",
            "Sous-direction du droit international public",
            "Public International Law sub-directorate",
            "DIP",
            _svc(
                "daj-dip-traites",
                "Mission des accords et traités",
                "Treaties and agreements section",
                _service(LEGAL_ADVISER),
            ),
        ),
        _sub(
            "daj-ue",
            "Sous-direction du droit de l'Union européenne et du droit international économique",
            "EU and International Economic Law sub-directorate",
            "DUE",
        ),
    ),
    _dir(
        "dgam",
        "Direction générale de l'administration et de la modernisation",
        "Directorate-General for Administration and Modernisation",
        "DGAM",
        _sub(
            "dgam-rh",
            "Sous-direction des ressources humaines",
            "Human Resources sub-directorate",
            "RH",
            _svc(
                "dgam-rh-carrieres",
                "Service des carrières et des affectations",
                "Careers and postings service",
                _service(_t("Gestionnaire RH", None, "HR officer")),
            ),
            _svc(
                "dgam-rh-formation",
                "Bureau de la formation",
                "Training office",
                _service(_t("Chargé de formation", "Chargée de formation", "Training officer")),
            ),
        ),
        _sub(
            "dgam-budget",
            "Sous-direction du budget",
            "Budget sub-directorate",
            "BUD",
            _svc(
                "dgam-budget-execution",
                "Bureau de l'exécution budgétaire",
                "Budget execution office",
                _service(_t("Analyste budgétaire", None, "Budget analyst")),
            ),
        ),
        staffing=DG_STAFF,
    ),
    _dir(
        "dnum",
        "Direction du numérique",
        "Digital directorate",
        "DNUM",
        _svc(
            "dnum-applications",
            "Service des applications",
            "Applications service",
            _service(
                _t("Chef de projet", "Cheffe de projet", "Project manager"),
                _t("Développeur", "Développeuse", "Developer"),
            ),
        ),
        _svc(
            "dnum-ssi",
            "Service de la sécurité des systèmes d'information",
            "Information systems security service",
            _service(_t("Analyste sécurité", None, "Security analyst")),
        ),
        _svc(
            "dnum-infra",
            "Service des infrastructures et des réseaux",
            "Infrastructure and networks service",
            _service(_t("Ingénieur réseaux", "Ingénieure réseaux", "Network engineer")),
        ),
    ),
    _dir(
        "cdcs",
        "Centre de crise et de soutien",
        "Crisis and Support Centre",
        "CDCS",
        _svc(
            "cdcs-situation",
            "Centre de situation",
            "Situation centre",
            _service(_t("Officier de veille", "Officière de veille", "Watch officer"), size=(2, 3)),
        ),
        _svc(
            "cdcs-humanitaire",
            "Mission pour l'action humanitaire",
            "Humanitarian action mission",
            _service(
                _t(
                    "Chargé de mission humanitaire",
                    "Chargée de mission humanitaire",
                    "Humanitarian officer",
                )
            ),
        ),
    ),
)


# --- Postes ------------------------------------------------------------------------------------

# (city slug, ISO country, city in French, French "in <country>", English country, phone prefix)
EMBASSIES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("washington", "US", "Washington", "aux États-Unis", "the United States", "+1 202 944"),
    ("ottawa", "CA", "Ottawa", "au Canada", "Canada", "+1 613 789"),
    ("brasilia", "BR", "Brasília", "au Brésil", "Brazil", "+55 61 3222"),
    ("mexico", "MX", "Mexico", "au Mexique", "Mexico", "+52 55 9171"),
    ("pekin", "CN", "Pékin", "en Chine", "China", "+86 10 8531"),
    ("tokyo", "JP", "Tokyo", "au Japon", "Japan", "+81 3 5798"),
    ("new-delhi", "IN", "New Delhi", "en Inde", "India", "+91 11 4319"),
    ("canberra", "AU", "Canberra", "en Australie", "Australia", "+61 2 6216"),
    ("moscou", "RU", "Moscou", "en Russie", "Russia", "+7 495 937"),
    ("berlin", "DE", "Berlin", "en Allemagne", "Germany", "+49 30 590"),
    ("londres", "GB", "Londres", "au Royaume-Uni", "the United Kingdom", "+44 20 7073"),
    ("rome", "IT", "Rome", "en Italie", "Italy", "+39 06 6860"),
    ("madrid", "ES", "Madrid", "en Espagne", "Spain", "+34 91 423"),
    ("vienne", "AT", "Vienne", "en Autriche", "Austria", "+43 1 502"),
    ("la-haye", "NL", "La Haye", "aux Pays-Bas", "the Netherlands", "+31 70 312"),
    ("bruxelles", "BE", "Bruxelles", "en Belgique", "Belgium", "+32 2 548"),
    ("berne", "CH", "Berne", "en Suisse", "Switzerland", "+41 31 359"),
    ("varsovie", "PL", "Varsovie", "en Pologne", "Poland", "+48 22 529"),
    ("tel-aviv", "IL", "Tel Aviv", "en Israël", "Israel", "+972 3 520"),
    ("le-caire", "EG", "Le Caire", "en Égypte", "Egypt", "+20 2 3567"),
    ("rabat", "MA", "Rabat", "au Maroc", "Morocco", "+212 537 68"),
    ("alger", "DZ", "Alger", "en Algérie", "Algeria", "+213 23 05"),
    ("tunis", "TN", "Tunis", "en Tunisie", "Tunisia", "+216 71 105"),
    ("dakar", "SN", "Dakar", "au Sénégal", "Senegal", "+221 33 839"),
    ("abidjan", "CI", "Abidjan", "en Côte d'Ivoire", "Côte d'Ivoire", "+225 27 20"),
    ("pretoria", "ZA", "Pretoria", "en Afrique du Sud", "South Africa", "+27 12 425"),
    ("nairobi", "KE", "Nairobi", "au Kenya", "Kenya", "+254 20 491"),
    ("riyad", "SA", "Riyad", "en Arabie saoudite", "Saudi Arabia", "+966 11 434"),
    ("ankara", "TR", "Ankara", "en Turquie", "Türkiye", "+90 312 455"),
)
# Where the deputy head of mission holds the ambassador's delegation.
MAJOR_EMBASSIES = frozenset({"US", "CN", "RU", "DE", "GB"})

# (code, French city, English city, ISO country, parent embassy code, phone prefix)
CONSULATES: tuple[tuple[str, str, str, str, str | None, str], ...] = (
    ("cg-new-york", "New York", "New York", "US", "amb-washington", "+1 212 606"),
    ("cg-montreal", "Montréal", "Montreal", "CA", "amb-ottawa", "+1 514 878"),
    ("cg-shanghai", "Shanghai", "Shanghai", "CN", "amb-pekin", "+86 21 6135"),
    ("cg-casablanca", "Casablanca", "Casablanca", "MA", "amb-rabat", "+212 522 48"),
    ("cg-istanbul", "Istanbul", "Istanbul", "TR", "amb-ankara", "+90 212 334"),
    # Jerusalem: a consulate general answering to the ministry directly, with no country.
    ("cg-jerusalem", "Jérusalem", "Jerusalem", "", None, "+972 2 629"),
)

# (code, French name, English name, acronym, ISO country, French city, phone prefix)
PERMANENT_REPRESENTATIONS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "rp-geneve",
        "Représentation permanente auprès de l'Office des Nations unies à Genève",
        "Permanent Mission to the United Nations Office at Geneva",
        "",
        "CH",
        "Genève",
        "+41 22 758",
    ),
    (
        "rp-new-york",
        "Représentation permanente auprès des Nations unies à New York",
        "Permanent Mission to the United Nations in New York",
        "",
        "US",
        "New York",
        "+1 212 702",
    ),
    (
        "rp-ue",
        "Représentation permanente auprès de l'Union européenne",
        "Permanent Representation to the European Union",
        "RPUE",
        "BE",
        "Bruxelles",
        "+32 2 229",
    ),
)

EMBASSY_STAFF = Staffing(
    head=_t("Ambassadeur", "Ambassadrice", "Ambassador"),
    delegate=_t("Premier conseiller", "Première conseillère", "Deputy head of mission"),
    delegate_role=Role.MEMBER,
    secretary=0.2,
)
CONSULATE_STAFF = Staffing(
    head=_t("Consul général", "Consule générale", "Consul general"),
    members=(
        _t("Consul général adjoint", "Consule générale adjointe", "Deputy consul general"),
        VICE_CONSUL,
    ),
    size=(1, 1),
    secretary=0.5,
    local=CONSULAR_CLERK,
    local_chance=0.5,
)
PERMREP_STAFF = Staffing(
    head=_t("Représentant permanent", "Représentante permanente", "Permanent representative"),
    delegate=_t(
        "Représentant permanent adjoint",
        "Représentante permanente adjointe",
        "Deputy permanent representative",
    ),
    members=(COUNSELLOR, FIRST_SECRETARY, SECOND_SECRETARY),
    size=(1, 3),
    secretary=1.0,
)

# (code suffix, French name, English name, staffing)
SECTIONS: tuple[tuple[str, str, str, Staffing], ...] = (
    (
        "politique",
        "Service politique",
        "Political section",
        Staffing(
            head=_t("Conseiller politique", "Conseillère politique", "Political counsellor"),
            members=(FIRST_SECRETARY, SECOND_SECRETARY),
            size=(0, 1),
            local=_t("Assistant politique", "Assistante politique", "Political assistant"),
            local_chance=0.15,
        ),
    ),
    (
        "presse",
        "Service de presse et communication",
        "Press and communication section",
        Staffing(
            head=_t("Conseiller de presse", "Conseillère de presse", "Press counsellor"),
            members=(PRESS_OFFICER,),
            size=(0, 1),
            local=_t("Attaché de presse", "Attachée de presse", "Press attaché"),
            local_chance=0.25,
        ),
    ),
    (
        "consulaire",
        "Section consulaire",
        "Consular section",
        Staffing(
            head=_t(
                "Chef de la section consulaire",
                "Cheffe de la section consulaire",
                "Head of the consular section",
            ),
            members=(VICE_CONSUL,),
            size=(0, 1),
            local=CONSULAR_CLERK,
            local_chance=0.3,
        ),
    ),
    (
        "economique",
        "Service économique",
        "Economic section",
        Staffing(
            head=_t("Conseiller économique", "Conseillère économique", "Economic counsellor"),
            members=(_t("Attaché économique", "Attachée économique", "Economic attaché"),),
            size=(0, 1),
            local=_t(
                "Chargé d'études économiques", "Chargée d'études économiques", "Economic analyst"
            ),
            local_chance=0.15,
        ),
    ),
)


# --- Partner administrations and external organisations ---------------------------------------

PARTNER_ROOT_STAFF = Staffing(
    head=_t(
        "Délégué aux affaires internationales",
        "Déléguée aux affaires internationales",
        "Head of international affairs",
    ),
    members=(
        _t(
            "Chargé des relations internationales",
            "Chargée des relations internationales",
            "International relations officer",
        ),
    ),
    size=(1, 1),
)
PARTNER_SERVICE_STAFF = Staffing(
    head=_t("Directeur général", "Directrice générale", "Director-General"),
    members=(POLICY_OFFICER, DESK_OFFICER),
    size=(1, 2),
    secretary=0.5,
)

# (code, French name, English name, acronym, domain, phone prefix, its service)
PARTNERS: tuple[tuple[str, str, str, str, str, str, tuple[str, str, str, str]], ...] = (
    (
        "min-interieur",
        "Ministère de l'Intérieur",
        "Ministry of the Interior",
        "MI",
        "interieur.example",
        "+33 1 49 27",
        (
            "min-interieur-dgef",
            "Direction générale des étrangers en France",
            "Directorate-General for Foreign Nationals in France",
            "DGEF",
        ),
    ),
    (
        "min-armees",
        "Ministère des Armées",
        "Ministry of the Armed Forces",
        "MINARM",
        "armees.example",
        "+33 9 88 68",
        (
            "min-armees-dgris",
            "Direction générale des relations internationales et de la stratégie",
            "Directorate-General for International Relations and Strategy",
            "DGRIS",
        ),
    ),
    (
        "min-finances",
        "Ministère de l'Économie et des Finances",
        "Ministry of the Economy and Finance",
        "MEF",
        "finances.example",
        "+33 1 40 04",
        (
            "min-finances-tresor",
            "Direction générale du Trésor",
            "Directorate General of the Treasury",
            "DG Trésor",
        ),
    ),
)

# (code, name, English name, acronym, kind, domain, phone prefix, description, staffing)
EXTERNALS: tuple[tuple[str, str, str, str, str, str, str, str, Staffing], ...] = (
    (
        "ssf",
        "Solidarités Sans Frontières",
        "Solidarités Sans Frontières",
        "SSF",
        K.NGO,
        "solidarites-sans-frontieres.example",
        "+33 1 44 92",
        "Organisation non gouvernementale de solidarité internationale (fictive).",
        Staffing(
            head=_t("Président", "Présidente", "President"),
            members=(
                _t("Chargé de plaidoyer", "Chargée de plaidoyer", "Advocacy officer"),
                _t("Coordinateur terrain", "Coordinatrice terrain", "Field coordinator"),
            ),
            size=(2, 2),
        ),
    ),
    (
        "navalia",
        "Navalia Industries",
        "Navalia Industries",
        "",
        K.COMPANY,
        "navalia.example",
        "+33 2 98 43",
        "Constructeur naval et industriel de défense (fictif).",
        Staffing(
            head=_t("Président-directeur général", "Présidente-directrice générale", "CEO"),
            members=(
                _t(
                    "Directeur des affaires publiques",
                    "Directrice des affaires publiques",
                    "Public affairs director",
                ),
                _t("Responsable export", None, "Export manager"),
            ),
            size=(2, 2),
        ),
    ),
    (
        "presse-internationale",
        "Presse Internationale",
        "Presse Internationale",
        "",
        K.MEDIA,
        "presse-internationale.example",
        "+33 1 55 35",
        "Agence de presse internationale (fictive).",
        Staffing(
            head=_t("Directeur de la rédaction", "Directrice de la rédaction", "Editor-in-chief"),
            members=(
                _t("Journaliste accrédité", "Journaliste accréditée", "Accredited journalist"),
                _t(
                    "Correspondant diplomatique",
                    "Correspondante diplomatique",
                    "Diplomatic correspondent",
                ),
            ),
            size=(2, 2),
        ),
    ),
)


# --- Names -----------------------------------------------------------------------------------

# fmt: off
FRENCH_MEN = (
    "Antoine", "Arnaud", "Baptiste", "Benoît", "Bertrand", "Christophe", "Clément", "Damien",
    "David", "Denis", "Éric", "Étienne", "Fabien", "François", "Frédéric", "Guillaume", "Hugo",
    "Jacques", "Jean", "Jean-Baptiste", "Jean-Marc", "Jérôme", "Julien", "Laurent", "Louis", "Luc",
    "Marc", "Mathieu", "Maxime", "Michel", "Nicolas", "Olivier", "Pascal", "Patrick", "Paul",
    "Philippe", "Pierre", "Raphaël", "Rémi", "Romain", "Sébastien", "Stéphane", "Thibault",
    "Thomas", "Vincent", "Xavier", "Yann",
)

FRENCH_WOMEN = (
    "Agnès", "Alice", "Amélie", "Anne", "Anne-Sophie", "Aurélie", "Béatrice", "Caroline",
    "Catherine", "Cécile", "Charlotte", "Chloé", "Claire", "Clémence", "Delphine", "Élise",
    "Émilie", "Florence", "Hélène", "Isabelle", "Jeanne", "Julie", "Juliette", "Laure", "Léa",
    "Lucie", "Manon", "Marie", "Marie-Hélène", "Marion", "Mathilde", "Nathalie", "Noémie",
    "Pauline", "Sandrine", "Sarah", "Sophie", "Stéphanie", "Valérie", "Virginie",
)

FRENCH_SURNAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
    "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
    "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier",
    "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Le Gall",
    "Le Goff", "Guillot", "Carpentier", "Hamon", "Bouvier", "Haddad", "Benali", "N'Diaye",
    "Nguyen", "Da Silva", "Ferreira", "Kowalski", "Weber",
)
# fmt: on

# Local staff of the postes: (men, women, surnames, women's surnames if they differ).
NamePool = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...] | None]
LOCAL_NAMES: dict[str, NamePool] = {
    "en": (
        ("James", "Michael", "Daniel", "Robert", "Andrew", "Matthew"),
        ("Emily", "Sarah", "Jennifer", "Laura", "Rachel", "Olivia"),
        ("Smith", "Johnson", "Williams", "Brown", "Taylor", "Miller", "Wilson", "Clarke"),
        None,
    ),
    "es": (
        ("Carlos", "Javier", "Alejandro", "Luis", "Miguel"),
        ("María", "Lucía", "Carmen", "Sofía", "Elena"),
        ("García", "Martínez", "López", "Hernández", "González", "Ramírez"),
        None,
    ),
    "pt": (
        ("João", "Pedro", "Lucas", "Rafael"),
        ("Ana", "Beatriz", "Juliana", "Camila"),
        ("Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira"),
        None,
    ),
    "de": (
        ("Lukas", "Stefan", "Markus", "Jonas"),
        ("Anna", "Katharina", "Julia", "Lena"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker"),
        None,
    ),
    "it": (
        ("Marco", "Luca", "Giovanni", "Matteo"),
        ("Giulia", "Chiara", "Francesca", "Sara"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"),
        None,
    ),
    "nl": (
        ("Daan", "Pieter", "Jeroen", "Bram"),
        ("Sanne", "Femke", "Lotte", "Anouk"),
        ("de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit"),
        None,
    ),
    "ar": (
        ("Youssef", "Karim", "Mehdi", "Omar", "Ahmed", "Hicham"),
        ("Fatima", "Amina", "Leïla", "Salma", "Nadia", "Yasmine"),
        ("Benali", "El Amrani", "Haddad", "Mansour", "Bouzid", "Chaouch", "Saleh", "El Idrissi"),
        None,
    ),
    "west-africa": (
        ("Moussa", "Mamadou", "Ousmane", "Kouassi", "Ibrahima"),
        ("Aminata", "Fatou", "Awa", "Mariam", "Adjoua"),
        ("Diallo", "Ndiaye", "Sow", "Traoré", "Koné", "Diop", "Kouamé", "Ouattara"),
        None,
    ),
    "east-africa": (
        ("Thabo", "Samuel", "Joseph", "Sipho"),
        ("Grace", "Wanjiru", "Naledi", "Faith"),
        ("Kamau", "Otieno", "Mwangi", "Nkosi", "Dlamini", "Ndlovu"),
        None,
    ),
    "cn": (
        ("Wei", "Jun", "Hao", "Lei"),
        ("Mei", "Xiu", "Fang", "Ying"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Zhao"),
        None,
    ),
    "jp": (
        ("Hiroshi", "Takeshi", "Kenji", "Daiki"),
        ("Yuki", "Haruka", "Aiko", "Naoko"),
        ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito"),
        None,
    ),
    "in": (
        ("Arjun", "Rahul", "Vikram", "Sanjay"),
        ("Priya", "Ananya", "Kavita", "Deepa"),
        ("Sharma", "Patel", "Singh", "Gupta", "Iyer", "Reddy"),
        None,
    ),
    "ru": (
        ("Dmitri", "Sergueï", "Alexeï", "Ivan"),
        ("Olga", "Natalia", "Irina", "Anastasia"),
        ("Ivanov", "Petrov", "Smirnov", "Kouznetsov", "Popov", "Sokolov"),
        ("Ivanova", "Petrova", "Smirnova", "Kouznetsova", "Popova", "Sokolova"),
    ),
    "pl": (
        ("Piotr", "Tomasz", "Krzysztof", "Marek"),
        ("Anna", "Katarzyna", "Agnieszka", "Magdalena"),
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński"),
        ("Nowak", "Kowalska", "Wiśniewska", "Wójcik", "Kamińska"),
    ),
    "he": (
        ("David", "Yossi", "Avi", "Noam"),
        ("Noa", "Tamar", "Yael", "Shira"),
        ("Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman"),
        None,
    ),
    "tr": (
        ("Mehmet", "Mustafa", "Emre", "Burak"),
        ("Ayşe", "Elif", "Zeynep", "Fatma"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"),
        None,
    ),
    "fr": (FRENCH_MEN, FRENCH_WOMEN, FRENCH_SURNAMES, None),
}
# fmt: off
COUNTRY_NAMES: dict[str, str] = {
    "US": "en", "CA": "en", "GB": "en", "AU": "en", "MX": "es", "ES": "es", "BR": "pt", "DE": "de",
    "AT": "de", "CH": "de", "IT": "it", "NL": "nl", "MA": "ar", "DZ": "ar", "TN": "ar", "EG": "ar",
    "SA": "ar", "": "ar", "SN": "west-africa", "CI": "west-africa", "KE": "east-africa",
    "ZA": "east-africa", "CN": "cn", "JP": "jp", "IN": "in", "RU": "ru", "PL": "pl", "IL": "he",
    "TR": "tr", "BE": "fr",
}
# fmt: on
# Local staff who would rather read the platform in French.
FRENCH_SPEAKING = frozenset({"BE", "CH", "MA", "DZ", "TN", "SN", "CI", "CA"})

_TRANSLITERATE = str.maketrans({"ł": "l", "ø": "o", "ß": "ss", "\u0131": "i", "æ": "ae", "œ": "oe"})


def ascii_slug(text: str) -> str:
    """`Jean-Baptiste` → `jean-baptiste`, `N'Diaye` → `ndiaye`, `Le Gall` → `legall`."""
    flat = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
    return re.sub(r"[^a-z0-9-]", "", flat.encode("ascii", "ignore").decode("ascii"))


# --- The plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One organisation to create, with what its people's addresses and numbers look like."""

    code: str
    name: str
    name_en: str
    kind: str
    parent: str | None
    staffing: Staffing | None
    acronym: str = ""
    country: str = ""
    city: str = ""
    description: str = ""
    domain: str = HQ_DOMAIN
    phone: str = HQ_PHONE


@dataclass(frozen=True)
class Stint:
    organisation: str
    role: str
    start: dt.date
    end: dt.date | None = None


@dataclass
class Person:
    email: str
    display_name: str
    title: str
    title_en: str
    language: str
    phone: str
    stints: list[Stint]
    is_staff: bool = False
    is_superuser: bool = False
    local: bool = False  # recruited locally by a poste: no career at headquarters


@dataclass(frozen=True)
class Plan:
    units: list[Unit]
    people: list[Person]


MINISTRY = Unit(
    code="ministere",
    name="Ministère de l'Europe et des Affaires étrangères",
    name_en="Ministry for Europe and Foreign Affairs",
    kind=K.MINISTRY,
    parent=None,
    staffing=MINISTRY_STAFF,
    acronym="MEAE",
    country="FR",
    city="Paris",
)

FEATURED: tuple[Person, ...] = (
    Person(
        email="camille.laurent@diplomatie.example",
        display_name="Camille Laurent",
        title="Rédactrice",
        title_en="Desk officer",
        language="fr",
        phone="+33 1 53 69 41 27",
        stints=[Stint("dgp-afmo-moyen-orient", Role.MEMBER, dt.date(2023, 9, 1))],
    ),
    Person(
        email="henri.dubois@diplomatie.example",
        display_name="Henri Dubois",
        title="Chef du service Moyen-Orient",
        title_en="Head of the Middle East service",
        language="fr",
        phone="+33 1 53 69 41 20",
        stints=[
            Stint("amb-le-caire-politique", Role.MEMBER, dt.date(2018, 9, 1), dt.date(2022, 8, 31)),
            Stint("dgp-afmo-moyen-orient", Role.HEAD, dt.date(2022, 9, 1)),
        ],
    ),
    Person(
        email="sophie.bernard@diplomatie.example",
        display_name="Sophie Bernard",
        title="Première secrétaire",
        title_en="First secretary",
        language="fr",
        phone="+1 202 944 6152",
        stints=[
            Stint("dgp-ameriques-nord", Role.MEMBER, dt.date(2020, 9, 1), dt.date(2024, 8, 31)),
            Stint("amb-washington-politique", Role.MEMBER, dt.date(2024, 9, 1)),
        ],
    ),
    Person(
        email="alex.morgan@presse-internationale.example",
        display_name="Alex Morgan",
        title="Journaliste accrédité",
        title_en="Accredited journalist",
        language="en",
        phone="+33 1 55 35 27 80",
        stints=[Stint("presse-internationale", Role.MEMBER, dt.date(2021, 3, 1))],
    ),
    Person(
        email="admin@diplomatie.example",
        display_name="Administrateur",
        title="Administrateur de la plateforme",
        title_en="Platform administrator",
        language="fr",
        phone="+33 1 53 69 30 00",
        stints=[Stint("dnum", Role.MEMBER, dt.date(2020, 1, 6))],
        is_staff=True,
        is_superuser=True,
    ),
)


def _headquarters(nodes: Iterable[Node], parent: str) -> list[Unit]:
    units: list[Unit] = []
    for node in nodes:
        staffing = node.staffing or DEFAULT_STAFF[node.kind]
        units.append(
            Unit(
                code=node.code,
                name=node.name,
                name_en=node.name_en,
                kind=node.kind,
                parent=parent,
                staffing=staffing,
                acronym=node.acronym,
                country="FR",
                city=node.city or "Paris",
            )
        )
        units.extend(_headquarters(node.children, node.code))
    return units


def _postes(rng: random.Random) -> list[Unit]:
    units: list[Unit] = []
    for slug, country, city, in_fr, in_en, phone in EMBASSIES:
        code = f"amb-{slug}"
        staffing = EMBASSY_STAFF
        if country in MAJOR_EMBASSIES:
            staffing = replace(staffing, delegate_role=Role.DELEGATE)
        units.append(
            Unit(
                code,
                f"Ambassade de France {in_fr}",
                f"Embassy of France in {in_en}",
                K.EMBASSY,
                "ministere",
                staffing,
                country=country,
                city=city,
                phone=phone,
            )
        )
        # Every embassy has a political section, and up to two more.
        extra = rng.sample(SECTIONS[1:], rng.choice((0, 0, 0, 1, 1, 2)))
        for suffix, name, name_en, section_staff in SECTIONS:
            if suffix == SECTIONS[0][0] or any(suffix == other[0] for other in extra):
                units.append(
                    Unit(
                        f"{code}-{suffix}",
                        name,
                        name_en,
                        K.POSTE_SECTION,
                        code,
                        section_staff,
                        country=country,
                        city=city,
                        phone=phone,
                    )
                )
    for code, city, city_en, country, parent, phone in CONSULATES:
        units.append(
            Unit(
                code,
                f"Consulat général de France à {city}",
                f"Consulate General of France in {city_en}",
                K.CONSULATE,
                parent or "ministere",
                CONSULATE_STAFF,
                country=country,
                city=city,
                phone=phone,
            )
        )
    for code, name, name_en, acronym, country, city, phone in PERMANENT_REPRESENTATIONS:
        units.append(
            Unit(
                code,
                name,
                name_en,
                K.PERMANENT_REPRESENTATION,
                "ministere",
                PERMREP_STAFF,
                acronym=acronym,
                country=country,
                city=city,
                phone=phone,
            )
        )
    return units


def _others() -> list[Unit]:
    units: list[Unit] = []
    for code, name, name_en, acronym, domain, phone, service in PARTNERS:
        s_code, s_name, s_name_en, s_acronym = service
        rows: tuple[tuple[str, str, str, str, str, str | None, Staffing], ...] = (
            (code, name, name_en, acronym, K.PARTNER_ADMINISTRATION, None, PARTNER_ROOT_STAFF),
            (s_code, s_name, s_name_en, s_acronym, K.SERVICE, code, PARTNER_SERVICE_STAFF),
        )
        for unit_code, unit_name, unit_name_en, unit_acronym, kind, parent, staffing in rows:
            units.append(
                Unit(
                    unit_code,
                    unit_name,
                    unit_name_en,
                    kind,
                    parent,
                    staffing,
                    acronym=unit_acronym,
                    country="FR",
                    city="Paris",
                    domain=domain,
                    phone=phone,
                )
            )
    for code, name, name_en, acronym, kind, domain, phone, description, staffing in EXTERNALS:
        units.append(
            Unit(
                code,
                name,
                name_en,
                kind,
                None,
                staffing,
                acronym=acronym,
                country="FR",
                city="Paris",
                description=description,
                domain=domain,
                phone=phone,
            )
        )
    return units


class _People:
    """Draws names, unique e-mail addresses, numbers and dates from one generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.emails: set[str] = {person.email for person in FEATURED}
        self.names: set[str] = {person.display_name for person in FEATURED}

    def day(self) -> dt.date:
        return dt.date.fromordinal(self.rng.randint(FIRST_DAY.toordinal(), LAST_DAY.toordinal()))

    def phone(self, prefix: str) -> str:
        if prefix.startswith("+33"):
            return f"{prefix} {self.rng.randint(10, 99)} {self.rng.randint(0, 99):02d}"
        return f"{prefix} {self.rng.randint(1000, 9999)}"

    def name(self, pool: str) -> tuple[str, bool]:
        men, women, surnames, women_surnames = LOCAL_NAMES[pool]
        while True:
            female = self.rng.random() < 0.5
            first = self.rng.choice(women if female else men)
            index = self.rng.randrange(len(surnames))
            last = (women_surnames or surnames)[index] if female else surnames[index]
            display = f"{first} {last}"
            if display not in self.names:
                self.names.add(display)
                return display, female

    def email(self, display_name: str, domain: str) -> str:
        first, _, last = display_name.partition(" ")
        base = f"{ascii_slug(first)}.{ascii_slug(last)}"
        candidate, number = base, 1
        while f"{candidate}@{domain}" in self.emails:
            number += 1
            candidate = f"{base}{number}"
        self.emails.add(f"{candidate}@{domain}")
        return f"{candidate}@{domain}"

    def person(self, unit: Unit, role: str, title: Title, *, local: bool = False) -> Person:
        if local:
            display, female = self.name(COUNTRY_NAMES.get(unit.country, "fr"))
            language = "fr" if unit.country in FRENCH_SPEAKING else "en"
        else:
            display, female = self.name("fr")
            english = 0.3 if unit.kind in {K.MEDIA, K.NGO, K.COMPANY} else 0.08
            language = "en" if self.rng.random() < english else "fr"
        return Person(
            email=self.email(display, unit.domain),
            display_name=display,
            title=title.fr(female=female),
            title_en=title.en,
            language=language,
            phone=self.phone(unit.phone),
            stints=[Stint(unit.code, role, self.day())],
            local=local,
        )


def _staff(unit: Unit, people: _People, featured_heads: set[str]) -> list[Person]:
    staffing = unit.staffing
    if staffing is None:
        return []
    rng = people.rng
    slots: list[tuple[str, Title, bool]] = []
    if unit.code not in featured_heads:
        slots.append((Role.HEAD, staffing.head, False))
    if staffing.delegate is not None:
        slots.append((staffing.delegate_role, staffing.delegate, False))
    if rng.random() < staffing.secretary:
        slots.append((Role.SECRETARY, SECRETARY, False))
    members = staffing.members
    slots.extend(
        (Role.MEMBER, members[index % len(members)], False)
        for index in range(rng.randint(*staffing.size))
    )
    if staffing.local is not None and rng.random() < staffing.local_chance:
        slots.append((Role.MEMBER, staffing.local, True))
    return [people.person(unit, role, title, local=local) for role, title, local in slots]


def _add_careers(people: list[Person], units: list[Unit], rng: random.Random, count: int) -> None:
    """Give a few agents an earlier, ended posting, to show a career in their profile."""
    movable = {K.SERVICE, K.POSTE_SECTION}
    ministry_units = [u for u in units if u.kind in movable and u.domain == HQ_DOMAIN]
    candidates = [
        p
        for p in people
        if p.email.endswith(f"@{HQ_DOMAIN}") and not p.local and p.stints[0].role == Role.MEMBER
    ]
    for person in rng.sample(candidates, count):
        current = person.stints[0]
        previous = rng.choice([u for u in ministry_units if u.code != current.organisation])
        start = dt.date.fromordinal(current.start.toordinal() - rng.randint(3 * 365, 4 * 365))
        end = current.start - dt.timedelta(days=1)
        person.stints.insert(0, Stint(previous.code, Role.MEMBER, start, end))


def build_plan() -> Plan:
    """Everything to create, the same on every call."""
    # Demo data, not a secret.
    rng = random.Random(SEED)  # noqa: S311  # nosec B311
    units = [
        MINISTRY,
        *_headquarters(HEADQUARTERS, MINISTRY.code),
        *_postes(rng),
        *_others(),
    ]
    people = _People(rng)
    featured_heads = {s.organisation for p in FEATURED for s in p.stints if s.role == Role.HEAD}
    generated = [person for unit in units for person in _staff(unit, people, featured_heads)]
    _add_careers(generated, units, rng, count=8)
    return Plan(units, [*(replace(p, stints=list(p.stints)) for p in FEATURED), *generated])


# --- Loading -----------------------------------------------------------------------------------


def _load_organisations(units: list[Unit]) -> tuple[dict[str, Organisation], int]:
    by_code = {o.code: o for o in Organisation.objects.filter(code__in=[u.code for u in units])}
    created = 0
    for unit in units:
        if unit.code in by_code:
            continue
        by_code[unit.code] = do_create_organisation(
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            parent=by_code[unit.parent] if unit.parent else None,
            name_en=unit.name_en,
            acronym=unit.acronym,
            country=unit.country,
            city=unit.city,
            description=unit.description,
        )
        created += 1
    return by_code, created


def _load_agents(people: list[Person]) -> tuple[dict[str, Agent], int]:
    by_email = {a.email: a for a in Agent.objects.filter(email__in=[p.email for p in people])}
    password = ""  # nosec B105  # no hash computed yet, not a password
    created = 0
    for person in people:
        if person.email in by_email:
            continue
        # Argon2 is slow on purpose: every demo agent shares one hash of the same password.
        password = password or make_password(DEMO_PASSWORD)
        first_day = min(stint.start for stint in person.stints)
        by_email[person.email] = Agent.objects.create(
            email=person.email,
            display_name=person.display_name,
            title=person.title,
            title_en=person.title_en,
            preferred_language=person.language,
            phone=person.phone,
            is_staff=person.is_staff,
            is_superuser=person.is_superuser,
            password=password,
            date_joined=dt.datetime.combine(first_day, dt.time(9), tzinfo=dt.UTC),
        )
        created += 1
    return by_email, created


def _load_memberships(
    people: list[Person], organisations: dict[str, Organisation], agents: dict[str, Agent]
) -> int:
    existing = set(
        Membership.objects.filter(agent__in=list(agents.values())).values_list(
            "agent_id", "organisation_id", "role", "start"
        )
    )
    created = 0
    for person in people:
        agent = agents[person.email]
        for stint in person.stints:
            organisation = organisations[stint.organisation]
            if (agent.pk, organisation.pk, stint.role, stint.start) in existing:
                continue
            do_add_membership(
                agent=agent,
                organisation=organisation,
                role=stint.role,
                start=stint.start,
                end=stint.end,
            )
            existing.add((agent.pk, organisation.pk, stint.role, stint.start))
            created += 1
    return created


def load_demo(*, stdout: Callable[[str], None] | None = None) -> dict[str, int]:
    """Create the demo ministry, or whatever part of it is missing; return what was created."""
    plan = build_plan()
    with transaction.atomic():
        organisations, organisations_created = _load_organisations(plan.units)
        agents, agents_created = _load_agents(plan.people)
        memberships_created = _load_memberships(plan.people, organisations, agents)
    counts = {
        "organisations": organisations_created,
        "agents": agents_created,
        "memberships": memberships_created,
    }
    if stdout is not None:
        stdout(
            f"Demo ministry: {organisations_created} organisations, {agents_created} agents "
            f"and {memberships_created} memberships created."
        )
        for role, email in FEATURED_ACCOUNTS:
            stdout(f"  {role}: {email} / {DEMO_PASSWORD}")
    return counts
