"""Two years of demo publications on top of the demo ministry.

Telegrams from the postes to the headquarters services and instructions back, notes
verbales, internal notes, formal letters and articles, with their addressees, themes,
chrono numbers, tasks (assigned, closed by a reply or a note, re-routed), acknowledgements
and reads. Everything is drawn from fixed texts by a generator seeded with 2027, so two
databases loaded from scratch hold the same documents (only the dates follow the day of
loading: the corpus always ends "now").

The rows are written with `bulk_create`, not through the services, so that two thousand
documents load in seconds; the generator keeps every invariant the services keep: exactly
one action addressee per routed document, chrono numbers unique and without gaps per
issuer and year (and the counters that say so), one open task at most per document,
*Diffusion Restreinte* for the addressees only and never to an external organisation,
routing rules applied. `PublicationGenerator` is also what the benchmark uses to build
hundreds of thousands of documents.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diplomatie.demo.ministry import CONSULATES, EMBASSIES, FEATURED_ACCOUNTS
from diplomatie.directory.models import Agent, Membership, Organisation, OrganisationKind, Role
from diplomatie.directory.models import Sector as OrgSector
from diplomatie.notifications.actions import do_notify
from diplomatie.publications.actions import DraftData, do_create_draft, format_chrono
from diplomatie.publications.models import (
    ACKNOWLEDGED_PRECEDENCES,
    CHRONO_KINDS,
    ROUTED_KINDS,
    Audience,
    ChronoCounter,
    Classification,
    Kind,
    Precedence,
    Publication,
    Read,
    Reference,
    ReferenceKind,
    Status,
    Tag,
    Theme,
)
from diplomatie.publications.models.publication import PRECEDENCE_RANK
from diplomatie.publications.states import ACKNOWLEDGEMENT_DELAY, TASK_DELAY
from diplomatie.publications.vocabulary import load_vocabulary
from diplomatie.routing.models import (
    Addressing,
    AddressingOrigin,
    DistributionList,
    DutyAssignment,
    Mode,
    RoutingRule,
    Task,
    TaskEvent,
    TaskState,
)

K = OrganisationKind
SEED = 2027
DEMO_PUBLICATIONS = 2000
DAYS = 730
MAX_INFO = 3

# --- Texts ----------------------------------------------------------------------------------
#
# A scenario is one coherent story (subject, summary, opening paragraph); the sections
# that follow are shared by the scenarios of a category. Placeholders: {pays} "Israël",
# {en_pays} "en Israël", {ville}, {a_ville} "au Caire", {de_ville} "d'Abidjan",
# {country} "Israel", {Country}, {in_country}, {city}, {jour}/{day} a date near the
# sending, {ministre}/{minister}, {secteur}/{sector}, {dossier}/{issue},
# {montant}/{amount}, {croissance}/{growth}, {pct}, {pct2}, {turnout}, {n}, and {objet}
# (the subject answered, in replies).


@dataclass(frozen=True)
class Scenario:
    subject: str
    summary: str
    lead: str


@dataclass(frozen=True)
class Prose:
    scenarios: tuple[Scenario, ...]
    lead_heading: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    bullets: tuple[str, ...] = ()


S = Scenario


@dataclass(frozen=True)
class Category:
    name: str
    fr: Prose
    en: Prose
    topics: tuple[tuple[str, ...], ...] = ((),)
    tags: tuple[str, ...] = ()
    # Headquarters organisations that may receive an information copy.
    info: tuple[str, ...] = ()
    # The poste section that writes it (political, economic…), when the poste has one.
    section: str = "politique"
    # Weights of routine, priority, immediate and flash (telegrams only).
    precedence: tuple[int, int, int, int] = (82, 15, 3, 0)
    dr: float = 0.06


POLITICS = Category(
    "politics",
    fr=Prose(
        (
            S(
                "{pays} – Remaniement ministériel : un gouvernement resserré autour du chef "
                "de l'exécutif",
                "Le remaniement annoncé le {jour} écarte plusieurs figures de l'aile réformatrice "
                "et renforce le contrôle du chef de l'exécutif. Les orientations de politique "
                "étrangère ne devraient pas évoluer à court terme.",
                "Le chef de l'exécutif a annoncé le {jour} la composition d'un gouvernement "
                "resserré de {n} membres. Le portefeuille des Affaires étrangères reste confié "
                "à un proche du pouvoir, interlocuteur régulier de l'ambassade.",
            ),
            S(
                "{pays} – Tensions au sein de la coalition gouvernementale",
                "La coalition au pouvoir {en_pays} traverse sa crise la plus sérieuse depuis sa "
                "formation. Un vote de confiance pourrait intervenir dans les prochaines "
                "semaines ; son issue reste incertaine.",
                "Le désaccord entre les partenaires de la coalition sur le projet de budget "
                "s'est transformé en crise ouverte : le deuxième parti de la majorité menace "
                "désormais de quitter le gouvernement.",
            ),
            S(
                "{pays} – Entretien de l'ambassadeur avec le {ministre}",
                "Reçu le {jour} par le {ministre}, l'ambassadeur a passé en revue l'agenda "
                "bilatéral. Notre interlocuteur a souhaité une relance du dialogue politique à "
                "haut niveau et une visite ministérielle d'ici la fin de l'année.",
                "L'ambassadeur a été reçu pendant une heure par le {ministre}. L'entretien "
                "s'est déroulé dans un climat cordial et constructif.",
            ),
            S(
                "{pays} – Adoption de la réforme constitutionnelle par le Parlement",
                "Le Parlement a adopté la réforme constitutionnelle par {pct} % des voix. "
                "L'opposition dénonce une concentration des pouvoirs et annonce un recours "
                "devant la Cour constitutionnelle.",
                "Au terme de trois semaines de débats, le Parlement a adopté la réforme "
                "constitutionnelle portée par le gouvernement, qui allonge la durée du mandat "
                "présidentiel et modifie le mode de désignation des juges.",
            ),
            S(
                "{pays} – Manifestations de l'opposition {a_ville}",
                "Plusieurs dizaines de milliers de personnes ont manifesté {a_ville} à l'appel "
                "de l'opposition. Les rassemblements se sont déroulés dans le calme ; les "
                "autorités ont fait preuve de retenue.",
                "À l'appel d'une coalition de partis d'opposition et de syndicats, des cortèges "
                "ont défilé dans le centre {de_ville} contre la hausse du coût de la vie et la "
                "réforme de la loi électorale.",
            ),
        ),
        "Contexte",
        (
            (
                "Analyse",
                (
                    "Cette évolution confirme la polarisation croissante de la vie politique "
                    "{en_pays}. Le pouvoir dispose toutefois d'une majorité solide au Parlement "
                    "et d'un contrôle étroit des médias audiovisuels.",
                    "Plusieurs interlocuteurs de l'ambassade, y compris au sein de la majorité, "
                    "reconnaissent que la situation pourrait se dégrader si la conjoncture "
                    "économique continuait de se détériorer.",
                ),
            ),
            (
                "Commentaire du poste",
                (
                    "Le poste recommande de maintenir un dialogue régulier avec l'ensemble des "
                    "forces politiques et de ne pas commenter publiquement la situation "
                    "intérieure. Il continuera de rendre compte des développements.",
                    "Ces évolutions n'affectent pas, à ce stade, nos intérêts. Une prochaine "
                    "visite ministérielle serait l'occasion de réaffirmer nos priorités "
                    "bilatérales : coopération économique, enjeux régionaux et mobilité.",
                ),
            ),
        ),
        (
            "le chef du gouvernement conserve le soutien de la majorité parlementaire ;",
            "l'opposition reste divisée et peine à proposer une alternative crédible ;",
            "la presse indépendante fait état de pressions croissantes ;",
            "les milieux d'affaires s'inquiètent de l'instabilité politique ;",
            "les prochaines échéances électorales structurent déjà le débat public ;",
            "la relation avec la France est jugée positive par l'ensemble des partis.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Cabinet reshuffle strengthens the head of government",
                "The reshuffle announced on {day} sidelines several reformist figures and "
                "consolidates the executive's grip. No change in foreign policy is expected in "
                "the short term.",
                "On {day} the head of government announced a smaller cabinet of {n} members. "
                "The foreign affairs portfolio stays with a close ally of the leadership, a "
                "regular interlocutor of the embassy.",
            ),
            S(
                "{Country} – Governing coalition under strain",
                "The ruling coalition {in_country} faces its most serious crisis since it was "
                "formed. A confidence vote could take place in the coming weeks; its outcome is "
                "uncertain.",
                "The disagreement between coalition partners over the draft budget has turned "
                "into an open crisis, with the junior partner threatening to leave the "
                "government.",
            ),
            S(
                "{Country} – Ambassador's meeting with the {minister}",
                "Received on {day} by the {minister}, the ambassador reviewed the bilateral "
                "agenda. Our interlocutor called for renewed high-level political dialogue and "
                "a ministerial visit before the end of the year.",
                "The ambassador was received for an hour by the {minister}. The meeting was "
                "cordial and constructive.",
            ),
            S(
                "{Country} – Opposition rallies in {city}",
                "Tens of thousands of people marched in {city} at the call of the opposition. "
                "The rallies were peaceful and the authorities showed restraint.",
                "A coalition of opposition parties and trade unions called for marches in "
                "central {city} against the rising cost of living and the reform of the "
                "electoral law.",
            ),
        ),
        "Background",
        (
            (
                "Analysis",
                (
                    "This confirms the growing polarisation of political life {in_country}. "
                    "The government nevertheless keeps a solid majority in parliament and a "
                    "firm hold on broadcast media.",
                    "Several of the embassy's contacts, including within the majority, admit "
                    "that the situation could deteriorate if the economy kept weakening.",
                ),
            ),
            (
                "Embassy comment",
                (
                    "The embassy recommends keeping a regular dialogue with all political "
                    "forces and refraining from public comment on domestic affairs. It will "
                    "report on further developments.",
                    "Our interests are not affected at this stage. A forthcoming ministerial "
                    "visit would be an opportunity to restate our bilateral priorities.",
                ),
            ),
        ),
        (
            "the head of government keeps the support of the parliamentary majority;",
            "the opposition remains divided and struggles to offer a credible alternative;",
            "independent media report growing pressure;",
            "business circles are worried about political instability;",
            "the relationship with France is viewed positively across the spectrum.",
        ),
    ),
    topics=((), (), ("droits-humains",)),
    tags=("politique-intérieure", "gouvernement", "parlement", "opposition"),
    info=("dgp", "dcp-porte-parolat"),
    dr=0.15,
)

ELECTIONS = Category(
    "elections",
    fr=Prose(
        (
            S(
                "{pays} – Élections législatives : résultats provisoires",
                "Selon les résultats provisoires, la coalition sortante obtiendrait {pct} % "
                "des suffrages, avec une participation de {turnout} %. Elle devrait conserver "
                "une courte majorité au Parlement.",
                "La commission électorale a publié dans la nuit les résultats provisoires des "
                "élections législatives du {jour}. Le dépouillement s'est déroulé sans incident "
                "majeur.",
            ),
            S(
                "{pays} – Élection présidentielle : état des lieux de la campagne",
                "À {n} jours du premier tour, le président sortant reste favori mais l'écart se "
                "resserre. La campagne est dominée par l'inflation et la sécurité.",
                "La campagne officielle pour l'élection présidentielle s'est ouverte le {jour}. "
                "Sept candidats ont été autorisés à se présenter par la Cour constitutionnelle.",
            ),
            S(
                "{pays} – Élections locales : percée de l'opposition {a_ville}",
                "L'opposition remporte la mairie {de_ville} et progresse dans la plupart des "
                "grandes villes. Le parti au pouvoir reconnaît sa défaite et annonce un "
                "« temps de réflexion ».",
                "Les élections locales du {jour} ont été marquées par une participation de "
                "{turnout} %, en hausse par rapport au précédent scrutin.",
            ),
        ),
        "Déroulement du scrutin",
        (
            (
                "Principaux enseignements",
                (
                    "Le scrutin confirme l'érosion de l'électorat du parti au pouvoir dans les "
                    "grandes villes, compensée par une forte mobilisation dans les zones "
                    "rurales.",
                    "Les observateurs internationaux ont salué une organisation satisfaisante, "
                    "tout en relevant des inégalités d'accès aux médias entre les candidats.",
                ),
            ),
            (
                "Perspectives",
                (
                    "La formation du prochain gouvernement pourrait prendre plusieurs semaines. "
                    "Le poste suivra attentivement les négociations et en rendra compte.",
                    "Aucune inflexion de la politique étrangère n'est attendue. Il pourrait être "
                    "opportun d'adresser rapidement un message de félicitations.",
                ),
            ),
        ),
        (
            "participation : {turnout} % (contre {pct2} % lors du précédent scrutin) ;",
            "la coalition sortante arrive en tête dans {n} circonscriptions sur cinquante ;",
            "les observateurs ont relevé des irrégularités limitées ;",
            "la question du pouvoir d'achat a dominé la campagne ;",
            "plusieurs partis d'opposition contestent certains résultats ;",
            "la proportion de femmes élues progresse nettement.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Parliamentary elections: provisional results",
                "According to provisional results, the outgoing coalition won {pct}% of the "
                "vote on a turnout of {turnout}%. It should keep a narrow majority in "
                "parliament.",
                "The electoral commission released overnight the provisional results of the "
                "{day} parliamentary elections. Counting went smoothly.",
            ),
            S(
                "{Country} – Presidential election: where the campaign stands",
                "{n} days before the first round, the incumbent remains the favourite but the "
                "gap is narrowing. Inflation and security dominate the campaign.",
                "The official campaign opened on {day}. The constitutional court cleared seven "
                "candidates to run.",
            ),
        ),
        "Conduct of the vote",
        (
            (
                "Main lessons",
                (
                    "The vote confirms the erosion of the ruling party in the large cities, "
                    "offset by a strong turnout in rural areas.",
                    "International observers praised the organisation of the vote while noting "
                    "unequal access to the media between candidates.",
                ),
            ),
            (
                "Outlook",
                (
                    "Forming the next government could take several weeks. The embassy will "
                    "follow the negotiations closely.",
                    "No change in foreign policy is expected. A message of congratulations could "
                    "usefully be sent quickly.",
                ),
            ),
        ),
        (
            "turnout: {turnout}% (against {pct2}% at the previous election);",
            "observers noted limited irregularities;",
            "the cost of living dominated the campaign;",
            "several opposition parties dispute some results;",
            "the share of women elected rises markedly.",
        ),
    ),
    topics=((), ("droits-humains",)),
    tags=("élections", "scrutin", "observation-électorale"),
    info=("dgp", "dcp-porte-parolat"),
    precedence=(60, 35, 5, 0),
    dr=0.05,
)

VISIT = Category(
    "visit",
    fr=Prose(
        (
            S(
                "{pays} – Préparation de la visite du ministre {a_ville} le {jour}",
                "Les autorités confirment leur accord sur le programme proposé : entretien avec "
                "le {ministre}, déjeuner de travail et rencontre avec la communauté française. "
                "Le poste propose trois livrables.",
                "Le poste a poursuivi avec les autorités la préparation de la visite du "
                "ministre, prévue le {jour}. Nos interlocuteurs se félicitent de cette "
                "première visite depuis quatre ans.",
            ),
            S(
                "{pays} – Visite officielle en France du {ministre} : attentes des autorités",
                "Le {ministre} se rendra à Paris le {jour}. Ses priorités : coopération "
                "économique dans le secteur {secteur}, enjeux régionaux et mobilité étudiante.",
                "Lors d'un entretien préparatoire, le cabinet du {ministre} a présenté au poste "
                "les attentes de sa délégation pour la visite du {jour}.",
            ),
            S(
                "{pays} – Compte rendu de la visite de la secrétaire d'État",
                "La visite de la secrétaire d'État a permis la signature de deux accords et "
                "l'annonce d'un dialogue stratégique annuel. Les autorités en ont assuré une "
                "large couverture médiatique.",
                "La secrétaire d'État s'est rendue {a_ville} du {jour} au lendemain, "
                "accompagnée d'une délégation d'entreprises du secteur {secteur}.",
            ),
        ),
        "Contexte",
        (
            (
                "Programme et enjeux",
                (
                    "Le programme comprend un entretien bilatéral, une séquence consacrée à "
                    "l'économie et une rencontre avec la société civile. Les autorités "
                    "souhaitent une déclaration conjointe.",
                    "La partie locale attache une grande importance à la dimension symbolique "
                    "de la visite ; elle propose une conférence de presse conjointe.",
                ),
            ),
            (
                "Propositions du poste",
                (
                    "Le poste suggère de conclure la visite par la signature d'une feuille de "
                    "route bilatérale et par l'annonce d'un programme de bourses.",
                    "Il conviendrait de préparer des éléments sur les dossiers consulaires en "
                    "cours, que nos interlocuteurs ne manqueront pas d'évoquer.",
                ),
            ),
        ),
        (
            "entretien avec le {ministre} ;",
            "déjeuner de travail avec les milieux d'affaires ;",
            "visite d'un projet financé par l'Agence française de développement ;",
            "rencontre avec la communauté française à la résidence ;",
            "signature d'un accord dans le secteur {secteur} ;",
            "point de presse conjoint.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Preparing the minister's visit to {city} on {day}",
                "The authorities agree with the proposed programme: talks with the {minister}, "
                "a working lunch and a meeting with the French community. The embassy proposes "
                "three deliverables.",
                "The embassy continued preparing with the authorities the minister's visit on "
                "{day}, the first in four years.",
            ),
            S(
                "{Country} – Official visit of the {minister} to France: expectations",
                "The {minister} will be in Paris on {day}. Priorities: economic cooperation in "
                "the {sector} sector, regional issues and student mobility.",
                "In a preparatory meeting, the office of the {minister} presented the "
                "delegation's expectations for the visit on {day}.",
            ),
        ),
        "Background",
        (
            (
                "Programme and stakes",
                (
                    "The programme includes bilateral talks, an economic session and a meeting "
                    "with civil society. The authorities would like a joint statement.",
                    "Our hosts attach great importance to the symbolism of the visit and "
                    "suggest a joint press conference.",
                ),
            ),
            (
                "Embassy proposals",
                (
                    "The embassy suggests ending the visit with a bilateral roadmap and the "
                    "announcement of a scholarship programme.",
                    "Briefing material on pending consular cases should be prepared; our hosts "
                    "will raise them.",
                ),
            ),
        ),
        (
            "talks with the {minister};",
            "working lunch with business leaders;",
            "meeting with the French community at the residence;",
            "signature of an agreement in the {sector} sector;",
            "joint press point.",
        ),
    ),
    topics=(("protocole",), ("protocole", "economie"), ()),
    tags=("visite-officielle", "bilatéral", "déplacement-ministre"),
    info=("protocole-ceremonial", "dcp-presse", "dgp"),
    precedence=(70, 28, 2, 0),
    dr=0.08,
)

CONSULAR = Category(
    "consular",
    fr=Prose(
        (
            S(
                "{pays} – Protection consulaire : arrestation d'un ressortissant français "
                "{a_ville}",
                "Un ressortissant français a été interpellé le {jour} {a_ville}. Le poste a "
                "obtenu un droit de visite consulaire ; l'intéressé est en bonne santé et "
                "assisté d'un avocat.",
                "Les autorités ont notifié au poste, avec un délai de {n} heures, "
                "l'interpellation d'un compatriote dans le cadre d'une enquête douanière.",
            ),
            S(
                "{pays} – Décès d'un compatriote {a_ville}",
                "Un ressortissant français est décédé le {jour} {a_ville} de cause naturelle. "
                "La famille a été informée ; le poste accompagne les démarches de rapatriement "
                "du corps.",
                "Le poste a été informé par l'hôpital central {de_ville} du décès d'un "
                "compatriote résidant dans le pays depuis plusieurs années.",
            ),
            S(
                "{pays} – Accident impliquant un groupe de touristes français",
                "Un autocar transportant {n} touristes français a été accidenté près {de_ville}. "
                "Quatre blessés légers ont été hospitalisés ; aucun pronostic vital n'est "
                "engagé.",
                "Le poste a activé sa cellule de crise dès l'annonce de l'accident et dépêché "
                "un agent consulaire sur place.",
            ),
        ),
        "Faits",
        (
            (
                "Action du poste",
                (
                    "Le poste est en contact avec la famille et avec l'avocat désigné. Une "
                    "nouvelle visite consulaire est prévue dans les prochains jours.",
                    "Le poste a rappelé aux autorités les obligations qui découlent de la "
                    "convention de Vienne sur les relations consulaires.",
                ),
            ),
            (
                "Suites",
                (
                    "Le poste rendra compte de l'évolution de la situation. Il suggère de ne "
                    "pas communiquer publiquement à ce stade, à la demande de la famille.",
                    "Aucune médiatisation n'est constatée à ce stade. Des éléments de réponse "
                    "à la presse peuvent être transmis si nécessaire.",
                ),
            ),
        ),
        (
            "date des faits : {jour} ;",
            "l'intéressé est inscrit au registre des Français établis hors de France ;",
            "la famille a été informée par le centre de crise ;",
            "un avocat francophone a été désigné ;",
            "l'assurance rapatriement a été contactée.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Consular protection: French national arrested in {city}",
                "A French national was arrested on {day} in {city}. The consulate obtained "
                "consular access; the person is in good health and has a lawyer.",
                "The authorities notified the embassy {n} hours after the arrest, made as part "
                "of a customs investigation.",
            ),
            S(
                "{Country} – Death of a French national in {city}",
                "A French national died of natural causes on {day} in {city}. The family has "
                "been informed; the consular section is assisting with the repatriation.",
                "The central hospital of {city} informed the embassy of the death of a French "
                "resident.",
            ),
        ),
        "Facts",
        (
            (
                "Action taken",
                (
                    "The embassy is in contact with the family and the lawyer. Another consular "
                    "visit is planned in the coming days.",
                    "The embassy reminded the authorities of their obligations under the Vienna "
                    "Convention on Consular Relations.",
                ),
            ),
            (
                "Next steps",
                (
                    "The embassy will report on further developments and suggests no public "
                    "communication at this stage, at the family's request.",
                    "There is no media coverage so far. Press lines can be provided if needed.",
                ),
            ),
        ),
        (
            "date: {day};",
            "the person is registered with the consulate;",
            "the family was informed by the crisis centre;",
            "a French-speaking lawyer has been appointed.",
        ),
    ),
    topics=(("consulaire",), ("consulaire", "crises")),
    tags=("protection-consulaire", "ressortissants", "assistance"),
    info=("cdcs", "fae-aide-consulaire"),
    section="consulaire",
    precedence=(55, 35, 9, 1),
    dr=0.12,
)

VISAS = Category(
    "visas",
    fr=Prose(
        (
            S(
                "{pays} – Demandes de visas : forte hausse de l'activité",
                "Le poste a enregistré {n} % de demandes de visas supplémentaires sur le "
                "semestre. Les délais de rendez-vous atteignent six semaines ; un renfort "
                "temporaire est sollicité.",
                "L'activité visas du poste poursuit sa forte progression, portée par la "
                "mobilité étudiante et le tourisme d'affaires.",
            ),
            S(
                "{pays} – Fraude documentaire : démantèlement d'un réseau {a_ville}",
                "La police locale a démantelé le {jour} un réseau de fabrication de faux "
                "justificatifs à l'appui de demandes de visas. Le poste a identifié {n} "
                "dossiers concernés.",
                "Le poste avait signalé depuis plusieurs mois une recrudescence de dossiers "
                "frauduleux déposés auprès du prestataire de services.",
            ),
        ),
        "Constat",
        (
            (
                "Mesures prises",
                (
                    "Le poste a renforcé les contrôles documentaires et réorganisé les créneaux "
                    "de dépôt auprès du prestataire.",
                    "Une réunion de coordination avec les consulats des partenaires Schengen "
                    "s'est tenue le {jour}.",
                ),
            ),
            (
                "Demande du poste",
                (
                    "Le poste sollicite un renfort de deux agents pour la période estivale.",
                    "Le poste souhaite recevoir des instructions sur le traitement des "
                    "demandes en instance.",
                ),
            ),
        ),
        (
            "demandes reçues : en hausse de {n} % ;",
            "taux de refus : {pct2} % ;",
            "délai moyen de rendez-vous : six semaines ;",
            "part des visas étudiants : {pct} %.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Visa applications: sharp rise in activity",
                "Visa applications rose by {n}% over the half-year. Appointment times reach "
                "six weeks; temporary reinforcement is requested.",
                "Visa activity keeps growing, driven by student mobility and business travel.",
            ),
        ),
        "Findings",
        (
            (
                "Measures taken",
                (
                    "Document checks have been reinforced and appointment slots reorganised "
                    "with the service provider.",
                ),
            ),
            (
                "Request",
                ("The embassy requests two additional staff for the summer period.",),
            ),
        ),
        ("applications up {n}%;", "refusal rate: {pct2}%;", "student visas: {pct}%."),
    ),
    topics=(("visas",), ("visas", "consulaire")),
    tags=("visas", "schengen", "fraude-documentaire"),
    info=("min-interieur-dgef", "fae-visas-politique"),
    section="consulaire",
    dr=0.1,
)

ECONOMY = Category(
    "economy",
    fr=Prose(
        (
            S(
                "{pays} – Conjoncture : croissance de {croissance} % au premier semestre",
                "L'économie a progressé de {croissance} % au premier semestre, portée par "
                "l'investissement public. L'inflation reste élevée et la banque centrale a "
                "relevé son taux directeur.",
                "L'institut national de la statistique a publié le {jour} les chiffres de la "
                "croissance du premier semestre.",
            ),
            S(
                "{pays} – Appel d'offres dans le secteur {secteur} : positionnement des "
                "entreprises françaises",
                "Les autorités ont lancé un appel d'offres de {montant} dans le secteur "
                "{secteur}. Deux entreprises françaises sont en bonne position ; un soutien "
                "politique serait utile.",
                "Le ministère de l'Économie a publié le {jour} le cahier des charges d'un "
                "important projet dans le secteur {secteur}.",
            ),
            S(
                "{pays} – Nouvelle loi sur les investissements étrangers",
                "La nouvelle loi assouplit le contrôle des investissements étrangers mais "
                "maintient des secteurs réservés, dont le secteur {secteur}. Nos entreprises "
                "saluent une clarification.",
                "Le Parlement a adopté le {jour} la loi sur les investissements étrangers "
                "annoncée depuis deux ans.",
            ),
        ),
        "Contexte",
        (
            (
                "Enjeux pour la France",
                (
                    "La France est le {n}e investisseur étranger du pays. Nos entreprises sont "
                    "particulièrement présentes dans les secteurs {secteur}, bancaire et de la "
                    "distribution.",
                    "Nos exportations ont progressé de {croissance} % sur un an ; le déficit "
                    "commercial bilatéral se réduit.",
                ),
            ),
            (
                "Recommandations",
                (
                    "Le service économique recommande de mentionner ce dossier lors des "
                    "prochains entretiens à haut niveau.",
                    "Une mission d'entreprises pourrait être organisée au second semestre avec "
                    "Business France.",
                ),
            ),
        ),
        (
            "croissance : {croissance} % ;",
            "inflation : {pct2} % sur un an ;",
            "montant du projet : {montant} ;",
            "échéance de remise des offres : {jour} ;",
            "concurrents principaux : entreprises chinoises et turques.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Economy grew {growth}% in the first half",
                "The economy grew by {growth}% in the first half, driven by public investment. "
                "Inflation remains high and the central bank raised its key rate.",
                "The statistics office released first-half growth figures on {day}.",
            ),
            S(
                "{Country} – {sector} sector tender: French companies' position",
                "The authorities launched a tender worth {amount} in the {sector} sector. Two "
                "French companies are well placed; political support would help.",
                "The ministry of the economy published the specifications on {day}.",
            ),
        ),
        "Background",
        (
            (
                "What is at stake for France",
                (
                    "France ranks among the largest foreign investors in the country, "
                    "especially in the {sector} sector.",
                ),
            ),
            (
                "Recommendations",
                (
                    "The economic section recommends raising the matter at the next high-level "
                    "meetings.",
                    "A business delegation could be organised in the second half of the year.",
                ),
            ),
        ),
        (
            "growth: {growth}%;",
            "inflation: {pct2}% year on year;",
            "project value: {amount};",
            "bid deadline: {day}.",
        ),
    ),
    topics=(("economie",), ("economie", "energie"), ("economie",)),
    tags=("commerce", "investissements", "contrats", "export"),
    info=("min-finances-tresor", "dgp"),
    section="economique",
    dr=0.04,
)

SECURITY = Category(
    "security",
    fr=Prose(
        (
            S(
                "{pays} – Attaque contre un poste de police {a_ville}",
                "Une attaque armée a visé un poste de police {a_ville} dans la nuit du {jour}, "
                "faisant {n} victimes. Aucun Français n'est concerné. Le poste a relevé son "
                "niveau de vigilance.",
                "Selon les autorités, un groupe armé a attaqué un poste de police de la "
                "périphérie {de_ville}. L'attaque n'a pas été revendiquée.",
            ),
            S(
                "{pays} – Explosion dans le centre {de_ville} : aucun Français parmi les victimes",
                "Une explosion d'origine encore indéterminée s'est produite dans le centre "
                "{de_ville}. Le bilan provisoire fait état de {n} blessés. Aucun Français n'est "
                "signalé parmi les victimes.",
                "Une forte explosion a été entendue vers 14 heures dans un quartier commerçant "
                "{de_ville}. Les secours sont intervenus rapidement.",
            ),
            S(
                "{pays} – Manifestations violentes {a_ville} : point de situation",
                "Les manifestations ont dégénéré {a_ville} ; un couvre-feu a été instauré. Le "
                "poste a diffusé un message de vigilance à la communauté française.",
                "Des heurts ont opposé manifestants et forces de l'ordre dans plusieurs "
                "quartiers {de_ville} depuis le {jour}.",
            ),
            S(
                "{pays} – Tensions à la frontière : mise à jour des conseils aux voyageurs",
                "Les incidents à la frontière se multiplient. Le poste propose de classer la "
                "zone frontalière en rouge dans les conseils aux voyageurs.",
                "Des tirs d'artillerie ont été signalés le {jour} dans la zone frontalière, à "
                "une centaine de kilomètres {de_ville}.",
            ),
        ),
        "Faits",
        (
            (
                "Situation de la communauté française",
                (
                    "La communauté française, estimée à plusieurs centaines de personnes dans la "
                    "zone, n'est pas directement concernée. Le réseau des îlotiers a été activé.",
                    "Le poste a vérifié la situation des compatriotes inscrits ; aucun n'est "
                    "signalé parmi les victimes.",
                ),
            ),
            (
                "Mesures prises par le poste",
                (
                    "Le poste a relevé son niveau de vigilance, diffusé un message à la "
                    "communauté et mis à jour la fiche « Conseils aux voyageurs ».",
                    "La cellule de crise du poste est activée. Le poste propose de reporter "
                    "les déplacements officiels prévus dans les prochains jours.",
                ),
            ),
        ),
        (
            "bilan provisoire : {n} victimes ;",
            "aucun ressortissant français concerné à ce stade ;",
            "message de vigilance diffusé à la communauté ;",
            "réseau de sécurité du poste activé ;",
            "fiche Conseils aux voyageurs en cours de mise à jour.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Attack on a police station in {city}",
                "An armed attack targeted a police station in {city} overnight on {day}, "
                "leaving {n} casualties. No French national is affected. The embassy has "
                "raised its alert level.",
                "According to the authorities, an armed group attacked a police station on "
                "the outskirts of {city}. There has been no claim of responsibility.",
            ),
            S(
                "{Country} – Explosion in central {city}: no French victims",
                "An explosion of unknown origin occurred in central {city}, injuring {n} "
                "people according to a provisional toll. No French national is reported among "
                "the victims.",
                "A loud explosion was heard around 2 pm in a shopping district of {city}.",
            ),
            S(
                "{Country} – Violent protests in {city}: situation update",
                "Protests turned violent in {city} and a curfew has been imposed. The embassy "
                "has sent a security message to the French community.",
                "Clashes between protesters and the police have been reported in several "
                "districts of {city} since {day}.",
            ),
        ),
        "Facts",
        (
            (
                "French community",
                (
                    "The French community in the area is not directly affected. The wardens' "
                    "network has been activated.",
                ),
            ),
            (
                "Measures taken",
                (
                    "The embassy raised its alert level, sent a message to the community and "
                    "is updating the travel advice.",
                    "The embassy's crisis cell is activated; official travel planned in the "
                    "coming days should be postponed.",
                ),
            ),
        ),
        (
            "provisional toll: {n} casualties;",
            "no French national affected so far;",
            "security message sent to the community;",
            "travel advice being updated.",
        ),
    ),
    topics=(("securite", "crises"), ("securite",), ("crises",)),
    tags=("sécurité", "manifestations", "conseils-aux-voyageurs", "terrorisme"),
    info=("cdcs-situation", "min-armees-dgris", "dgp"),
    precedence=(25, 40, 28, 7),
    dr=0.25,
)

MULTILATERAL = Category(
    "multilateral",
    fr=Prose(
        (
            S(
                "{ville} – Négociations sur {dossier} : point d'étape",
                "Les négociations sur {dossier} progressent lentement. Le groupe des pays "
                "partenaires reste uni ; un compromis semble possible d'ici le {jour}.",
                "Le troisième cycle de négociations informelles s'est achevé le {jour}. "
                "{n} délégations ont pris la parole.",
            ),
            S(
                "{ville} – Adoption de la résolution sur {dossier}",
                "La résolution sur {dossier}, que nous coparrainions, a été adoptée par {pct} "
                "voix. Plusieurs de nos amendements ont été repris.",
                "La résolution a été mise aux voix le {jour} à l'issue de six semaines de "
                "consultations.",
            ),
            S(
                "{ville} – Réunion ministérielle du {jour} : compte rendu",
                "La réunion ministérielle a permis d'adopter une déclaration commune sur "
                "{dossier}. Notre délégation a obtenu une mention de nos priorités.",
                "La réunion s'est tenue en présence de {n} ministres.",
            ),
        ),
        "Contexte",
        (
            (
                "Positions en présence",
                (
                    "Les pays partenaires soutiennent une approche ambitieuse, tandis qu'un "
                    "groupe d'États conteste la compétence de l'organisation sur ce sujet.",
                    "La présidence a présenté un texte de compromis qui reprend l'essentiel de "
                    "nos lignes rouges.",
                ),
            ),
            (
                "Commentaire",
                (
                    "La représentation recommande de maintenir notre coparrainage et de "
                    "mobiliser notre réseau diplomatique auprès des capitales indécises.",
                    "Des instructions seraient utiles avant la prochaine session.",
                ),
            ),
        ),
        (
            "votes pour : {pct} ;",
            "abstentions : {n} ;",
            "coparrains : l'ensemble des États membres de l'Union européenne ;",
            "prochaine session : {jour}.",
        ),
    ),
    en=Prose(
        (
            S(
                "{city} – Negotiations on {issue}: progress report",
                "Negotiations on {issue} are moving slowly. Like-minded countries remain "
                "united; a compromise seems possible by {day}.",
                "The third round of informal negotiations ended on {day}; {n} delegations "
                "took the floor.",
            ),
            S(
                "{city} – Resolution on {issue} adopted",
                "The resolution on {issue}, which we co-sponsored, was adopted with {pct} votes "
                "in favour. Several of our amendments were retained.",
                "The resolution was put to the vote on {day} after six weeks of consultations.",
            ),
        ),
        "Background",
        (
            (
                "Positions",
                (
                    "Like-minded countries support an ambitious approach while a group of "
                    "states disputes the organisation's competence.",
                ),
            ),
            (
                "Comment",
                (
                    "The mission recommends keeping our co-sponsorship and lobbying undecided "
                    "capitals through our network.",
                ),
            ),
        ),
        ("votes in favour: {pct};", "abstentions: {n};", "next session: {day}."),
    ),
    topics=(("multilateral",), ("multilateral", "droits-humains"), ("multilateral", "climat")),
    tags=("onu", "résolution", "négociations", "conseil-de-sécurité"),
    info=("dgp-nuoi", "daj-dip"),
    dr=0.1,
)

CLIMATE = Category(
    "climate",
    fr=Prose(
        (
            S(
                "{pays} – Climat : présentation de la nouvelle contribution nationale",
                "Les autorités ont présenté le {jour} leur nouvelle contribution déterminée au "
                "niveau national, qui vise une réduction de {pct} % des émissions d'ici 2035.",
                "La nouvelle contribution nationale a été présentée par le ministre de "
                "l'Environnement lors d'une conférence {a_ville}.",
            ),
            S(
                "{pays} – Inondations dans la région {de_ville}",
                "Des inondations exceptionnelles ont touché la région {de_ville}. Les autorités "
                "ont sollicité l'aide internationale ; aucun Français n'est signalé parmi les "
                "victimes.",
                "Des pluies torrentielles s'abattent depuis le {jour} sur la région {de_ville}.",
            ),
        ),
        "Contexte",
        (
            (
                "Analyse",
                (
                    "Cet engagement constitue un progrès réel mais reste en deçà de ce que "
                    "demandent les scientifiques. Son financement n'est pas précisé.",
                    "Le pays est l'un des plus exposés de la région aux effets du changement "
                    "climatique.",
                ),
            ),
        ),
        (
            "objectif : -{pct} % d'émissions en 2035 ;",
            "part des renouvelables visée : {pct2} % ;",
            "coût estimé : {montant}.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Climate: new nationally determined contribution",
                "On {day} the authorities presented their new nationally determined "
                "contribution, aiming to cut emissions by {pct}% by 2035.",
                "The environment minister presented the new contribution at a conference in "
                "{city}.",
            ),
        ),
        "Background",
        (
            (
                "Analysis",
                (
                    "This is real progress but falls short of what scientists call for; its "
                    "financing remains unclear.",
                ),
            ),
        ),
        ("target: -{pct}% emissions by 2035;", "renewables target: {pct2}%."),
    ),
    topics=(("climat",), ("climat", "energie"), ("climat", "crises")),
    tags=("cop", "climat", "transition-énergétique"),
    info=("dgp-nuoi",),
    section="economique",
    dr=0.02,
)

HEALTH = Category(
    "health",
    fr=Prose(
        (
            S(
                "{pays} – Santé : épidémie de dengue dans la région {de_ville}",
                "Les autorités sanitaires ont déclaré une épidémie de dengue dans la région "
                "{de_ville} ({n} cas confirmés). Le poste propose de compléter les conseils aux "
                "voyageurs.",
                "Le ministère de la Santé a annoncé le {jour} le passage en phase épidémique.",
            ),
            S(
                "{pays} – Coopération hospitalière : signature d'un accord",
                "Un accord de coopération a été signé le {jour} entre des hôpitaux {de_ville} et "
                "l'Assistance publique – Hôpitaux de Paris.",
                "La signature s'est tenue en présence du ministre de la Santé.",
            ),
        ),
        "Situation",
        (
            (
                "Suites",
                (
                    "Le poste suit la situation avec le correspondant santé de l'ambassade et "
                    "les autorités locales.",
                ),
            ),
        ),
        ("cas confirmés : {n} ;", "hôpitaux de référence identifiés {a_ville}."),
    ),
    en=Prose(
        (
            S(
                "{Country} – Health: dengue outbreak around {city}",
                "Health authorities declared a dengue outbreak around {city} ({n} confirmed "
                "cases). The embassy proposes to update the travel advice.",
                "The health ministry announced on {day} that the epidemic threshold was crossed.",
            ),
        ),
        "Situation",
        (("Next steps", ("The embassy follows the situation with the local authorities.",)),),
        ("confirmed cases: {n};", "reference hospitals identified in {city}."),
    ),
    topics=(("sante",), ("sante", "crises")),
    tags=("santé", "épidémie"),
    info=("cdcs-humanitaire", "fae-aide-consulaire"),
    dr=0.02,
)

CULTURE = Category(
    "culture",
    fr=Prose(
        (
            S(
                "{pays} – Coopération culturelle : lancement de la saison croisée",
                "La saison croisée a été lancée le {jour} {a_ville} en présence des deux "
                "ministres de la Culture. Plus de {n} événements sont prévus.",
                "La cérémonie d'ouverture a réuni près de deux mille invités.",
            ),
            S(
                "{pays} – Enseignement du français : progression des effectifs",
                "Le nombre d'apprenants de français progresse de {pct2} % ; le réseau des "
                "Alliances françaises ouvre deux nouvelles antennes.",
                "Le ministère de l'Éducation a publié le {jour} les effectifs de l'année.",
            ),
        ),
        "Contexte",
        (
            (
                "Perspectives",
                (
                    "Le poste propose de valoriser cette dynamique lors de la prochaine visite "
                    "ministérielle.",
                ),
            ),
        ),
        ("événements prévus : {n} ;", "partenaires locaux : une vingtaine d'institutions."),
    ),
    en=Prose(
        (
            S(
                "{Country} – Cultural cooperation: launch of the cross-cultural season",
                "The cross-cultural season opened on {day} in {city} with both culture "
                "ministers. More than {n} events are planned.",
                "The opening ceremony gathered some two thousand guests.",
            ),
        ),
        "Background",
        (("Outlook", ("The embassy suggests highlighting this at the next visit.",)),),
        ("events planned: {n}.",),
    ),
    topics=(("culture",),),
    tags=("culture", "francophonie", "saison-croisée"),
    info=("dcp-numerique",),
    section="presse",
    dr=0.0,
)

PRESS = Category(
    "press",
    fr=Prose(
        (
            S(
                "{pays} – Revue de presse : la France vue par les médias locaux",
                "La presse {en_pays} a largement commenté les déclarations du ministre. Le ton "
                "est globalement positif ; deux éditoriaux critiquent notre position régionale.",
                "Synthèse de la couverture médiatique de la semaine du {jour}.",
            ),
            S(
                "{pays} – Campagne de désinformation visant la France",
                "Le poste a identifié une campagne coordonnée de désinformation sur les réseaux "
                "sociaux visant la présence française. Elle a atteint {n} mille comptes.",
                "Depuis le {jour}, des contenus trompeurs relayés par des comptes coordonnés "
                "mettent en cause l'action de la France.",
            ),
        ),
        "Synthèse",
        (
            (
                "Recommandations",
                (
                    "Le poste propose une prise de parole de l'ambassadeur dans un grand "
                    "quotidien et la diffusion d'éléments factuels sur nos comptes.",
                ),
            ),
        ),
        (
            "articles recensés : {n} ;",
            "tonalité positive : {pct} % ;",
            "principaux relais : deux chaînes d'information et un quotidien.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Press review: France in the local media",
                "The press {in_country} widely covered the minister's remarks. The tone is "
                "mostly positive; two editorials criticise our regional position.",
                "Summary of media coverage for the week of {day}.",
            ),
        ),
        "Summary",
        (("Recommendations", ("The embassy proposes an op-ed by the ambassador.",)),),
        ("articles reviewed: {n};", "positive tone: {pct}%."),
    ),
    topics=(("presse",), ("presse", "numerique")),
    tags=("presse", "désinformation", "influence"),
    info=("dcp-presse", "dcp-numerique"),
    section="presse",
    dr=0.05,
)

DIGITAL = Category(
    "digital",
    fr=Prose(
        (
            S(
                "{pays} – Numérique : adoption d'une loi sur la protection des données",
                "Le Parlement a adopté le {jour} une loi sur la protection des données "
                "personnelles inspirée du RGPD. Nos entreprises du numérique saluent une "
                "convergence réglementaire.",
                "Le texte était en discussion depuis dix-huit mois.",
            ),
        ),
        "Contexte",
        (
            (
                "Analyse",
                (
                    "La loi rapproche le pays des standards européens et pourrait ouvrir la "
                    "voie à une décision d'adéquation.",
                ),
            ),
        ),
        ("entrée en vigueur : dans {n} mois ;", "autorité de contrôle indépendante créée."),
    ),
    en=Prose(
        (
            S(
                "{Country} – Digital: data protection law adopted",
                "Parliament adopted on {day} a personal data protection law modelled on the GDPR.",
                "The bill had been under discussion for eighteen months.",
            ),
        ),
        "Background",
        (("Analysis", ("The law brings the country closer to European standards.",)),),
        ("entry into force: in {n} months.",),
    ),
    topics=(("numerique",), ("numerique", "economie")),
    tags=("numérique", "données-personnelles", "cyber"),
    info=("dcp-numerique",),
    section="economique",
    dr=0.03,
)

POSTE_CATEGORIES: dict[str, tuple[tuple[Category, int], ...]] = {
    K.EMBASSY: (
        (POLITICS, 24),
        (ELECTIONS, 6),
        (VISIT, 10),
        (CONSULAR, 7),
        (VISAS, 4),
        (ECONOMY, 13),
        (SECURITY, 10),
        (CLIMATE, 3),
        (HEALTH, 3),
        (CULTURE, 4),
        (PRESS, 6),
        (DIGITAL, 3),
    ),
    K.CONSULATE: (
        (CONSULAR, 25),
        (VISAS, 14),
        (SECURITY, 10),
        (ECONOMY, 10),
        (CULTURE, 8),
        (POLITICS, 8),
        (PRESS, 4),
        (ELECTIONS, 3),
    ),
    K.PERMANENT_REPRESENTATION: ((MULTILATERAL, 1),),
}

# Instructions from headquarters to the postes.
INPUT = Category(
    "input",
    fr=Prose(
        (
            S(
                "{pays} – Demande d'éléments en vue de l'entretien du ministre avec son homologue",
                "Le ministre s'entretiendra le {jour} avec son homologue. Le département vous "
                "serait reconnaissant de transmettre d'ici là des éléments actualisés sur la "
                "situation intérieure et l'agenda bilatéral.",
                "Un entretien bilatéral est prévu en marge de la prochaine réunion "
                "ministérielle, le {jour}.",
            ),
            S(
                "{pays} – Préparation du dialogue stratégique : demande de contribution",
                "En vue du dialogue stratégique du {jour}, le poste voudra bien proposer trois "
                "messages clés et identifier les livrables envisageables.",
                "La prochaine session du dialogue stratégique se tiendra à Paris.",
            ),
        ),
        "Objet",
        (
            (
                "Éléments attendus",
                (
                    "Le poste voudra bien faire porter sa contribution sur les points "
                    "suivants, en deux pages au plus.",
                ),
            ),
            (
                "Calendrier",
                (
                    "Les éléments sont attendus au plus tard le {jour}, pour une remise du "
                    "dossier au cabinet deux jours avant l'entretien.",
                ),
            ),
        ),
        (
            "situation politique intérieure et perspectives ;",
            "état de la relation bilatérale et contentieux en cours ;",
            "dossiers économiques prioritaires ;",
            "positions du pays sur les crises régionales ;",
            "dossiers consulaires sensibles.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Request for input ahead of the minister's meeting with their "
                "counterpart",
                "The minister will meet their counterpart on {day}. Please send updated input "
                "on the domestic situation and the bilateral agenda beforehand.",
                "A bilateral meeting is planned on the sidelines of the next ministerial "
                "meeting, on {day}.",
            ),
        ),
        "Purpose",
        (
            (
                "Input requested",
                ("Please cover the following points, in two pages at most.",),
            ),
        ),
        (
            "domestic situation and outlook;",
            "state of the bilateral relationship;",
            "priority economic files;",
            "positions on regional crises.",
        ),
    ),
    topics=((), ("protocole",)),
    tags=("demande-d'éléments", "entretien-bilatéral"),
    info=("protocole-ceremonial", "dgp"),
    precedence=(70, 27, 3, 0),
    dr=0.08,
)

DEMARCHE = Category(
    "demarche",
    fr=Prose(
        (
            S(
                "{pays} – Démarche auprès des autorités au sujet de {dossier}",
                "Le poste est invité à effectuer une démarche au niveau approprié pour "
                "présenter notre position sur {dossier} et solliciter le soutien des "
                "autorités avant le vote du {jour}.",
                "Le vote interviendra le {jour}. La position du pays reste incertaine.",
            ),
            S(
                "{pays} – Démarche conjointe des partenaires européens",
                "Le poste voudra bien s'associer à la démarche conjointe des ambassadeurs de "
                "l'Union européenne, prévue le {jour}, et rendre compte de la réaction des "
                "autorités.",
                "Les partenaires européens sont convenus d'une démarche commune {a_ville}.",
            ),
        ),
        "Objet",
        (
            (
                "Éléments de langage",
                (
                    "La France attache une importance particulière à ce sujet, qui engage la "
                    "crédibilité de l'action collective.",
                    "Nous comptons sur le soutien du pays, avec lequel nous partageons les "
                    "mêmes objectifs.",
                ),
            ),
            ("Compte rendu", ("Le poste rendra compte de la démarche par retour.",)),
        ),
        (
            "rappeler notre attachement au droit international ;",
            "souligner l'enjeu pour la stabilité régionale ;",
            "solliciter un vote favorable ;",
            "proposer un échange au niveau des directeurs politiques.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Demarche to the authorities on {issue}",
                "Please make a demarche at the appropriate level to present our position on "
                "{issue} and seek the authorities' support before the vote on {day}.",
                "The vote will take place on {day}; the country's position is uncertain.",
            ),
        ),
        "Purpose",
        (
            (
                "Talking points",
                ("France attaches particular importance to this issue.",),
            ),
            ("Report", ("Please report back on the demarche.",)),
        ),
        ("recall our commitment to international law;", "seek a favourable vote."),
    ),
    topics=((), ("multilateral",)),
    tags=("démarche", "instructions"),
    info=("dgp-nuoi",),
    precedence=(50, 40, 10, 0),
    dr=0.2,
)

CONSULAR_INSTRUCTION = Category(
    "consular-instruction",
    fr=Prose(
        (
            S(
                "{pays} – Mise à jour du plan de sécurité de la communauté française",
                "Le poste voudra bien mettre à jour son plan de sécurité avant le {jour}, en "
                "vérifiant les points de regroupement et le réseau des îlotiers.",
                "La campagne annuelle de mise à jour des plans de sécurité est ouverte.",
            ),
            S(
                "{pays} – Élections consulaires : organisation du scrutin",
                "Le scrutin se tiendra le {jour}. Le poste voudra bien confirmer la liste des "
                "bureaux de vote et désigner les présidents de bureau.",
                "Les élections des conseillers des Français de l'étranger approchent.",
            ),
        ),
        "Objet",
        (
            (
                "Actions demandées",
                ("Le poste transmettra le plan mis à jour au centre de crise.",),
            ),
        ),
        (
            "vérifier les coordonnées des îlotiers ;",
            "actualiser les points de regroupement ;",
            "tester la chaîne d'alerte ;",
            "mettre à jour le registre des Français établis.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Updating the French community security plan",
                "Please update the security plan before {day}, checking assembly points and "
                "the wardens' network.",
                "The yearly security plan campaign is open.",
            ),
        ),
        "Purpose",
        (("Action requested", ("Send the updated plan to the crisis centre.",)),),
        ("check wardens' details;", "update assembly points;", "test the alert chain."),
    ),
    topics=(("consulaire",), ("consulaire", "securite"), ("visas",)),
    tags=("plan-de-sécurité", "élections-consulaires", "communauté-française"),
    info=("cdcs-situation", "min-interieur-dgef"),
    section="consulaire",
    dr=0.05,
)

PRESS_LINES = Category(
    "press-lines",
    fr=Prose(
        (
            S(
                "Éléments de langage – {dossier}",
                "Vous trouverez ci-dessous les éléments de langage à utiliser en réponse aux "
                "questions de la presse sur {dossier}, validés par le cabinet le {jour}.",
                "Plusieurs médias internationaux ont sollicité nos postes sur ce sujet.",
            ),
        ),
        "Contexte",
        (
            (
                "Éléments de langage",
                (
                    "La France suit avec attention la situation et appelle toutes les parties "
                    "à la retenue. Elle reste pleinement mobilisée, avec ses partenaires.",
                ),
            ),
        ),
        (
            "la France appelle au respect du droit international ;",
            "la France soutient les efforts de médiation en cours ;",
            "la France reste mobilisée pour la protection des civils.",
        ),
    ),
    en=Prose(
        (
            S(
                "Press lines – {issue}",
                "Below are the press lines on {issue}, cleared by the minister's office on {day}.",
                "Several international media outlets have approached our postes.",
            ),
        ),
        "Background",
        (("Press lines", ("France follows the situation closely.",)),),
        ("France calls for restraint;", "France supports mediation efforts."),
    ),
    topics=(("presse",),),
    tags=("éléments-de-langage", "presse"),
    info=("dcp-presse",),
    section="presse",
    precedence=(40, 50, 10, 0),
    dr=0.05,
)

VOTE = Category(
    "vote",
    fr=Prose(
        (
            S(
                "Instructions de vote – résolution sur {dossier}",
                "La représentation votera en faveur du projet de résolution sur {dossier}, "
                "sous réserve du maintien du paragraphe opérationnel 4. Elle pourra "
                "s'associer à une explication de vote européenne.",
                "Le projet de résolution sera mis aux voix le {jour}.",
            ),
        ),
        "Objet",
        (
            (
                "Instructions",
                (
                    "En cas de modification substantielle du texte, la représentation "
                    "sollicitera de nouvelles instructions.",
                ),
            ),
        ),
        ("vote : pour ;", "coparrainage : oui ;", "explication de vote : européenne."),
    ),
    en=Prose(
        (
            S(
                "Voting instructions – resolution on {issue}",
                "The mission will vote in favour of the draft resolution on {issue}, provided "
                "operative paragraph 4 is kept.",
                "The draft will be put to the vote on {day}.",
            ),
        ),
        "Purpose",
        (("Instructions", ("Seek new instructions if the text changes substantially.",)),),
        ("vote: yes;", "co-sponsorship: yes."),
    ),
    topics=(("multilateral",), ("multilateral", "droits-humains")),
    tags=("instructions-de-vote", "onu", "résolution"),
    info=("daj-dip",),
    precedence=(40, 55, 5, 0),
    dr=0.1,
)

CRISIS_INSTRUCTION = Category(
    "crisis-instruction",
    fr=Prose(
        (
            S(
                "{pays} – Dégradation de la situation sécuritaire : mesures de précaution",
                "Compte tenu de la dégradation de la situation, le poste voudra bien réduire "
                "les déplacements non indispensables, réactiver son réseau d'îlotiers et "
                "rendre compte quotidiennement.",
                "Le centre de crise suit la situation depuis le {jour}.",
            ),
        ),
        "Situation",
        (
            (
                "Mesures demandées",
                ("Le poste confirmera la mise en œuvre de ces mesures par retour.",),
            ),
        ),
        (
            "point de situation quotidien à 18 heures ;",
            "réduction des déplacements non indispensables ;",
            "message de vigilance à la communauté française.",
        ),
    ),
    en=Prose(
        (
            S(
                "{Country} – Deteriorating security situation: precautionary measures",
                "Given the deterioration, please reduce non-essential travel, reactivate the "
                "wardens' network and report daily.",
                "The crisis centre has been following the situation since {day}.",
            ),
        ),
        "Situation",
        (("Measures", ("Please confirm by return.",)),),
        ("daily report at 6 pm;", "security message to the community."),
    ),
    topics=(("crises", "securite"), ("crises",)),
    tags=("crise", "sécurité", "cellule-de-crise"),
    info=("dgp",),
    precedence=(5, 45, 40, 10),
    dr=0.3,
)

# Notes verbales: copies sent home by a poste, or drafts sent out by the protocol.
VERBAL_NOTE_IN = Category(
    "verbal-note-in",
    fr=Prose(
        (
            S(
                "{pays} – Note verbale des autorités : demande d'autorisation de survol",
                "Par note verbale du {jour}, le ministère local des Affaires étrangères "
                "sollicite l'autorisation de survol et d'escale d'un appareil gouvernemental.",
                "Le poste transmet ci-après la traduction de la note verbale reçue.",
            ),
            S(
                "{pays} – Note verbale des autorités : accréditation du nouvel attaché de défense",
                "Les autorités demandent l'accréditation de leur nouvel attaché de défense à "
                "Paris, qui prendra ses fonctions le {jour}.",
                "Le poste transmet la note verbale reçue le {jour}.",
            ),
            S(
                "{pays} – Note verbale : privilèges et immunités, exonération de taxes",
                "Les autorités contestent l'application de la taxe locale aux locaux de "
                "l'ambassade au titre de la réciprocité.",
                "La note verbale fait suite à plusieurs échanges informels.",
            ),
        ),
        "Objet",
        (
            (
                "Commentaire du poste",
                (
                    "Le poste suggère de répondre favorablement, selon la pratique habituelle.",
                    "Le poste recommande une réponse dans les meilleurs délais, la demande "
                    "s'inscrivant dans un calendrier contraint.",
                ),
            ),
        ),
        ("référence de la note : {n}/{pct2} ;", "date de réception : {jour}."),
    ),
    en=Prose(
        (
            S(
                "Note verbale from the authorities of {country} – overflight request",
                "By note verbale dated {day}, the foreign ministry of {country} requests "
                "overflight and landing clearance for a government aircraft.",
                "The embassy forwards the translation of the note verbale received.",
            ),
        ),
        "Subject",
        (("Embassy comment", ("The embassy suggests a favourable reply as usual.",)),),
        ("note reference: {n}/{pct2};",),
    ),
    topics=(("protocole",), ("protocole", "juridique")),
    tags=("note-verbale", "protocole"),
    info=("dgp",),
    dr=0.05,
)

VERBAL_NOTE_OUT = Category(
    "verbal-note-out",
    fr=Prose(
        (
            S(
                "{pays} – Note verbale : demande d'agrément du nouvel ambassadeur",
                "Le poste voudra bien remettre aux autorités la note verbale ci-dessous, "
                "sollicitant l'agrément du nouvel ambassadeur de France.",
                "Le conseil des ministres a retenu le {jour} la candidature du futur ambassadeur.",
            ),
            S(
                "{pays} – Note verbale : programme de la visite d'État",
                "Le poste remettra aux autorités la note verbale présentant le programme "
                "officiel de la visite d'État du {jour}.",
                "Le programme a été arrêté avec le service du cérémonial.",
            ),
        ),
        "Objet",
        (
            (
                "Texte de la note",
                (
                    "Le ministère de l'Europe et des Affaires étrangères présente ses "
                    "compliments au ministère des Affaires étrangères et a l'honneur de "
                    "solliciter son accord.",
                ),
            ),
        ),
        ("remise : dès que possible ;", "accusé de réception à transmettre."),
    ),
    en=Prose(
        (
            S(
                "{Country} – Note verbale: agrément request for the new ambassador",
                "Please hand the note verbale below to the authorities, requesting agrément "
                "for the new ambassador of France.",
                "The candidate was approved on {day}.",
            ),
        ),
        "Subject",
        (("Text of the note", ("The Ministry presents its compliments.",)),),
        ("hand over as soon as possible.",),
    ),
    topics=(("protocole",),),
    tags=("note-verbale", "agrément", "protocole"),
    info=("dgp",),
    dr=0.15,
)

# Internal notes between headquarters services.
SITUATION_NOTE = Category(
    "situation-note",
    fr=Prose(
        (
            S(
                "Point de situation sécuritaire – {pays}",
                "Le centre de crise fait le point sur la situation sécuritaire {en_pays}. Le "
                "niveau de vigilance est maintenu ; les conseils aux voyageurs seront mis à "
                "jour le {jour}.",
                "Synthèse établie à partir des remontées des postes et des partenaires.",
            ),
        ),
        "Situation",
        (
            (
                "Recommandations",
                ("Le centre de crise propose de maintenir le dispositif actuel.",),
            ),
        ),
        ("incidents recensés : {n} ;", "Français inscrits dans la zone : environ {n}00."),
    ),
    en=Prose(
        (
            S(
                "Security situation update – {country}",
                "The crisis centre reviews the security situation {in_country}. The alert "
                "level is maintained.",
                "Summary drawn from the postes' and partners' reports.",
            ),
        ),
        "Situation",
        (("Recommendations", ("Keep the current arrangements.",)),),
        ("incidents recorded: {n}.",),
    ),
    topics=(("crises", "securite"),),
    tags=("point-de-situation", "sécurité"),
    dr=0.25,
)

NOTE_PRESS = Category(
    "note-press",
    fr=Prose(
        (
            S(
                "Note pour le porte-parolat – éléments sur {dossier}",
                "Le service transmet des éléments de réponse sur {dossier} en vue du point de "
                "presse du {jour}.",
                "Plusieurs questions sont attendues lors du prochain point de presse.",
            ),
        ),
        "Contexte",
        (("Éléments proposés", ("La France appelle toutes les parties à la retenue.",)),),
        ("position constante de la France ;", "soutien aux efforts de médiation."),
    ),
    en=Prose(
        (
            S(
                "Note for the spokesperson – {issue}",
                "Input on {issue} for the press briefing of {day}.",
                "Questions are expected at the next briefing.",
            ),
        ),
        "Background",
        (("Suggested lines", ("France calls on all parties to show restraint.",)),),
        ("France's consistent position;",),
    ),
    topics=(("presse",),),
    tags=("point-de-presse",),
    dr=0.0,
)

ADMIN_NOTE = Category(
    "admin-note",
    fr=Prose(
        (
            S(
                "Campagne de mobilité : calendrier et modalités",
                "La campagne de mobilité s'ouvre le {jour}. Les services voudront bien "
                "recenser les postes vacants et transmettre leurs besoins.",
                "La campagne concerne les agents de catégorie A et B.",
            ),
            S(
                "Exécution budgétaire : point à mi-année",
                "Le taux de consommation des crédits atteint {pct} %. Les services sont "
                "invités à signaler avant le {jour} les dépenses qui ne pourront être engagées.",
                "Point d'étape sur l'exécution des crédits de fonctionnement.",
            ),
            S(
                "Formation : ouverture des inscriptions aux cycles de langues",
                "Les inscriptions aux cycles de langues sont ouvertes jusqu'au {jour}. "
                "{n} langues sont proposées, dont l'arabe et le mandarin.",
                "Le bureau de la formation rappelle les modalités d'inscription.",
            ),
        ),
        "Objet",
        (("Modalités", ("Les demandes sont transmises par la voie hiérarchique.",)),),
        ("date limite : {jour} ;", "contact : bureau de la formation."),
    ),
    en=Prose(
        (
            S(
                "Mobility campaign: calendar and arrangements",
                "The mobility campaign opens on {day}. Services should list vacant positions.",
                "The campaign concerns category A and B staff.",
            ),
        ),
        "Subject",
        (("Arrangements", ("Requests go through the line manager.",)),),
        ("deadline: {day}.",),
    ),
    tags=("ressources-humaines", "budget", "formation"),
    dr=0.0,
)

IT_NOTE = Category(
    "it-note",
    fr=Prose(
        (
            S(
                "Sécurité des systèmes d'information : campagne d'hameçonnage",
                "Une campagne d'hameçonnage vise les agents du ministère depuis le {jour}. "
                "{n} messages ont été bloqués ; les agents sont invités à la vigilance.",
                "Le service de sécurité des systèmes d'information a détecté une campagne ciblée.",
            ),
            S(
                "Demande d'évolution de l'application de messagerie diplomatique",
                "Le service sollicite l'ajout d'un filtre par pays dans le journal et la "
                "possibilité d'exporter les télégrammes en PDF.",
                "Ces évolutions répondent à des demandes récurrentes des rédacteurs.",
            ),
            S(
                "Maintenance programmée des infrastructures réseau",
                "Une maintenance est programmée le {jour} de 20 heures à minuit. La messagerie "
                "sera indisponible pendant deux heures.",
                "L'opération porte sur le remplacement des équipements du cœur de réseau.",
            ),
        ),
        "Objet",
        (("Mesures", ("Les agents signaleront tout message suspect au service.",)),),
        ("messages bloqués : {n} ;", "postes de travail mis à jour : {pct} %."),
    ),
    en=Prose(
        (
            S(
                "Information security: phishing campaign",
                "A phishing campaign has targeted ministry staff since {day}; {n} messages "
                "were blocked.",
                "The security service detected a targeted campaign.",
            ),
        ),
        "Subject",
        (("Measures", ("Report any suspicious message.",)),),
        ("blocked messages: {n}.",),
    ),
    topics=(("numerique",),),
    tags=("cybersécurité", "informatique"),
    dr=0.1,
)

TREATY_NOTE = Category(
    "treaty-note",
    fr=Prose(
        (
            S(
                "{pays} – Accord bilatéral : état de la procédure de ratification",
                "Le projet de loi autorisant la ratification sera examiné en conseil des "
                "ministres le {jour}. Le service voudra bien valider l'étude d'impact.",
                "L'accord a été signé il y a dix-huit mois.",
            ),
        ),
        "Objet",
        (("Calendrier", ("L'examen parlementaire pourrait intervenir au second semestre.",)),),
        ("signature : il y a dix-huit mois ;", "conseil des ministres : {jour}."),
    ),
    en=Prose(
        (
            S(
                "Bilateral agreement with {country}: ratification procedure",
                "The ratification bill will go to the cabinet on {day}.",
                "The agreement was signed eighteen months ago.",
            ),
        ),
        "Subject",
        (("Calendar", ("Parliament could examine it in the second half.",)),),
        ("cabinet: {day}.",),
    ),
    topics=(("juridique",),),
    tags=("traités", "ratification"),
    dr=0.0,
)

# Formal letters.
LETTER = Category(
    "letter",
    fr=Prose(
        (
            S(
                "Courrier relatif à {dossier}",
                "Par le présent courrier, la direction sollicite votre concours sur {dossier} "
                "et propose une réunion de travail le {jour}.",
                "J'ai l'honneur de vous faire part de ce qui suit.",
            ),
            S(
                "Réponse à votre courrier du {jour}",
                "La direction accuse réception de votre courrier et vous informe des suites "
                "données à votre demande.",
                "J'ai bien reçu votre courrier, qui a retenu toute mon attention.",
            ),
        ),
        "Objet",
        (
            (
                "Proposition",
                (
                    "Je vous propose qu'une réunion de travail réunisse nos services dans les "
                    "prochaines semaines.",
                ),
            ),
            (
                "Formule",
                ("Je vous prie d'agréer l'expression de ma considération distinguée.",),
            ),
        ),
    ),
    en=Prose(
        (
            S(
                "Letter concerning {issue}",
                "The directorate seeks your assistance on {issue} and proposes a working "
                "meeting on {day}.",
                "I have the honour to inform you of the following.",
            ),
        ),
        "Subject",
        (("Closing", ("Yours sincerely.",)),),
    ),
    tags=("courrier",),
    dr=0.04,
)

ARTICLE = Category(
    "article",
    fr=Prose(
        (
            S(
                "Conférence des ambassadeurs : les priorités de l'année",
                "Retour sur la conférence des ambassadeurs et des ambassadrices : trois jours "
                "d'échanges sur les priorités de notre diplomatie.",
                "Plus de deux cents chefs de poste se sont réunis à Paris.",
            ),
            S(
                "Portrait : l'ambassade {en_pays}, au cœur de la relation bilatérale",
                "Rencontre avec les équipes de l'ambassade {a_ville}, entre diplomatie "
                "économique, coopération culturelle et protection consulaire.",
                "L'ambassade compte une quarantaine d'agents.",
            ),
            S(
                "Retour sur la visite du ministre {en_pays}",
                "Accords signés, rencontres avec la société civile et la communauté française : "
                "retour en images sur la visite du ministre {a_ville}.",
                "La visite s'est achevée le {jour}.",
            ),
            S(
                "Point de presse du porte-parole du {jour}",
                "Principales déclarations du porte-parole : situation internationale, agenda "
                "du ministre et questions des journalistes.",
                "Le point de presse s'est tenu en salle de presse du ministère.",
            ),
            S(
                "La diplomatie climatique en action {en_pays}",
                "Comment le réseau diplomatique accompagne la transition énergétique : "
                "l'exemple du poste {de_ville}.",
                "Le poste a lancé un programme de coopération sur l'adaptation.",
            ),
            S(
                "Nouvelle version de l'application de messagerie : ce qui change",
                "Journal unifié, recherche plus rapide, accusés de réception : les nouveautés "
                "de la plateforme.",
                "La nouvelle version est déployée depuis le {jour}.",
            ),
        ),
        "L'essentiel",
        (
            (
                "En pratique",
                (
                    "Les agents intéressés peuvent contacter le service pour plus d'informations.",
                    "Un compte rendu détaillé est disponible auprès du service.",
                ),
            ),
        ),
        (
            "{n} participants ;",
            "trois tables rondes ;",
            "un temps d'échange avec la société civile ;",
            "une conférence de presse.",
        ),
    ),
    en=Prose(
        (
            S(
                "Ambassadors' conference: this year's priorities",
                "A look back at the ambassadors' conference: three days on the priorities of "
                "our diplomacy.",
                "More than two hundred heads of mission met in Paris.",
            ),
            S(
                "Spokesperson's press briefing of {day}",
                "Main statements by the spokesperson: international situation, the minister's "
                "agenda and questions from journalists.",
                "The briefing took place in the ministry's press room.",
            ),
            S(
                "Climate diplomacy in action {in_country}",
                "How the diplomatic network supports the energy transition: the example of {city}.",
                "The embassy launched an adaptation cooperation programme.",
            ),
        ),
        "Highlights",
        (("In practice", ("Contact the service for more information.",)),),
        ("{n} participants;", "three round tables;", "a press conference."),
    ),
    topics=(("presse",), ("culture",), ("climat",), ("multilateral",), ()),
    tags=("vie-du-ministère", "actualités", "porte-parole"),
    dr=0.0,
)

REPLY = Category(
    "reply",
    fr=Prose(
        (
            S(
                "Réf. – {objet}",
                "Le service remercie pour ces éléments, portés à la connaissance du cabinet. "
                "Il vous invite à poursuivre le suivi et à rendre compte de tout développement.",
                "Le service a pris connaissance avec intérêt de votre envoi.",
            ),
            S(
                "Réponse – {objet}",
                "Les éléments demandés sont transmis ci-dessous. Le service reste à disposition "
                "pour tout complément.",
                "En réponse à votre demande, vous trouverez ci-après les éléments utiles.",
            ),
        ),
        "Réponse",
        (
            (
                "Suites",
                (
                    "Aucune action supplémentaire n'est requise à ce stade.",
                    "Une réunion de coordination sera organisée si nécessaire.",
                ),
            ),
        ),
    ),
    en=Prose(
        (
            S(
                "Re: {objet}",
                "Thank you for this input, which was brought to the attention of the "
                "minister's office. Please keep following the matter.",
                "We read your message with interest.",
            ),
        ),
        "Reply",
        (("Next steps", ("No further action is needed at this stage.",)),),
    ),
    dr=0.0,
)

MINISTERS = (
    ("ministre des Affaires étrangères", "Foreign Minister"),
    ("ministre de l'Économie", "Minister of the Economy"),
    ("ministre de l'Intérieur", "Minister of the Interior"),
    ("conseiller diplomatique du chef de l'État", "diplomatic adviser to the head of state"),
    ("vice-ministre des Affaires étrangères", "Deputy Foreign Minister"),
    ("ministre de la Défense", "Minister of Defence"),
)
SECTORS = (
    ("ferroviaire", "rail"),
    ("énergétique", "energy"),
    ("aéronautique", "aerospace"),
    ("portuaire", "port"),
    ("numérique", "digital"),
    ("agroalimentaire", "agri-food"),
    ("de l'eau", "water"),
)
ISSUES = (
    ("la protection des civils dans les conflits armés", "the protection of civilians"),
    ("la liberté d'expression", "freedom of expression"),
    ("le financement de l'adaptation climatique", "climate adaptation finance"),
    ("la sécurité alimentaire mondiale", "global food security"),
    ("la réforme du système humanitaire", "the reform of the humanitarian system"),
    ("la non-prolifération nucléaire", "nuclear non-proliferation"),
    ("la lutte contre la désinformation", "countering disinformation"),
    ("les droits des femmes", "women's rights"),
)
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
CLOSING_NOTES = (
    ("Pris connaissance. Éléments intégrés au dossier du cabinet.", "Noted; added to the file."),
    ("Traité en réunion de service ; aucune suite à donner.", "Handled at the team meeting."),
    ("Réponse apportée par téléphone au poste.", "Answered by phone."),
    ("Éléments transmis au cabinet du ministre.", "Forwarded to the minister's office."),
    ("Classé sans suite après vérification.", "Closed after checking; no action needed."),
    ("Pris en compte dans la note de synthèse hebdomadaire.", "Included in the weekly brief."),
)
REROUTE_NOTES = (
    "Relève de la compétence d'un autre service.",
    "Dossier suivi par le service destinataire depuis le début.",
    "Réorientation à la demande du cabinet.",
)

# --- Where things go ------------------------------------------------------------------------

# The headquarters desk that acts on each poste's telegrams.
DESKS: dict[str, tuple[str, ...]] = {
    "dgp-afmo-moyen-orient": ("amb-tel-aviv", "amb-le-caire", "cg-jerusalem"),
    "dgp-afmo-maghreb": ("amb-rabat", "cg-casablanca", "amb-alger", "amb-tunis"),
    "dgp-afmo-golfe": ("amb-riyad",),
    "dgp-ameriques-nord": ("amb-washington", "cg-new-york", "amb-ottawa", "cg-montreal"),
    "dgp-ameriques-latine": ("amb-brasilia", "amb-mexico"),
    "dgp-asie-extreme-orient": ("amb-pekin", "cg-shanghai", "amb-tokyo"),
    "dgp-asie-sud": ("amb-new-delhi",),
    "dgp-asie-oceanie": ("amb-canberra",),
    "dgp-eucon-ouest": (
        "amb-berlin",
        "amb-londres",
        "amb-rome",
        "amb-madrid",
        "amb-vienne",
        "amb-la-haye",
        "amb-bruxelles",
        "amb-berne",
        "amb-varsovie",
        "rp-ue",
    ),
    "dgp-eucon-russie": ("amb-moscou", "amb-ankara", "cg-istanbul"),
    "dgp-afrique-ouest": ("amb-dakar", "amb-abidjan"),
    "dgp-afrique-est": ("amb-pretoria", "amb-nairobi"),
    "dgp-nuoi-droits": ("rp-geneve",),
    "dgp-nuoi": ("rp-new-york",),
}
# Postes whose telegrams sometimes concern another desk (Syria, Yemen, the Security Council).
SECOND_DESK = {
    "amb-ankara": "dgp-afmo-moyen-orient",
    "cg-istanbul": "dgp-afmo-moyen-orient",
    "amb-riyad": "dgp-afmo-moyen-orient",
    "rp-new-york": "dgp-afmo-moyen-orient",
    "rp-ue": "daj-ue",
}
# How much each poste writes, relative to an ordinary embassy.
POSTE_WEIGHT = {
    "amb-tel-aviv": 3.5,
    "amb-le-caire": 2.5,
    "cg-jerusalem": 2.5,
    "amb-washington": 2.5,
    "cg-new-york": 1.2,
    "amb-pekin": 1.5,
    "amb-moscou": 1.5,
    "amb-berlin": 1.4,
    "amb-londres": 1.4,
    "rp-ue": 1.5,
    "rp-new-york": 1.5,
    "rp-geneve": 1.2,
}
# Where headquarters sends instructions, relative to an ordinary poste.
INSTRUCTION_WEIGHT = {
    "amb-washington": 8.0,
    "amb-tel-aviv": 3.0,
    "amb-le-caire": 2.0,
    "cg-jerusalem": 2.0,
    "rp-new-york": 2.0,
    "rp-geneve": 2.0,
}
# English-speaking postes write more often in English.
ENGLISH_POSTES = frozenset(
    {"amb-washington", "cg-new-york", "amb-londres", "amb-canberra", "amb-new-delhi"}
    | {"amb-nairobi", "amb-pretoria", "rp-new-york", "amb-ottawa"}
)
CITY_EN = {
    "Pékin": "Beijing",
    "Moscou": "Moscow",
    "Londres": "London",
    "Vienne": "Vienna",
    "La Haye": "The Hague",
    "Bruxelles": "Brussels",
    "Berne": "Bern",
    "Varsovie": "Warsaw",
    "Le Caire": "Cairo",
    "Alger": "Algiers",
    "Riyad": "Riyadh",
    "Genève": "Geneva",
    "Montréal": "Montreal",
    "Jérusalem": "Jerusalem",
    "Mexico": "Mexico City",
}
DEMO_TAGS_EXTRA = ("g7", "g20", "otan", "union-européenne", "sahel", "proche-orient", "ukraine")


# --- The ministry as the generator sees it ----------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a document is about: a country theme, its region and how to write its name."""

    theme: str  # lower-case ISO code of the country theme
    pays: str
    en_pays: str
    country: str
    city_fr: str
    city_en: str


@dataclass(frozen=True)
class Poste:
    organisation: Organisation
    place: Place
    desk: str
    sections: dict[str, Organisation]


@dataclass(frozen=True)
class Member:
    agent: int
    role: str
    start: dt.date


class World:
    """A snapshot of the demo ministry: organisations, members, themes and rules."""

    def __init__(self) -> None:
        organisations = list(Organisation.objects.order_by("path"))
        self.by_code = {o.code: o for o in organisations}
        self.by_pk = {o.pk: o for o in organisations}
        self.members: dict[int, list[Member]] = defaultdict(list)
        memberships = (
            Membership.objects.active()
            .filter(agent__is_active=True)
            .order_by("organisation_id", "agent_id")
            .values_list("organisation_id", "agent_id", "role", "start")
        )
        for organisation_id, agent_id, role, start in memberships:
            self.members[organisation_id].append(Member(agent_id, role, start))
        # Everybody a publication addressed to an organisation reaches: its subtree.
        self.reach: dict[int, list[int]] = {}
        for organisation in organisations:
            agents = {
                m.agent
                for other in organisations
                if other.path.startswith(organisation.path)
                for m in self.members.get(other.pk, [])
            }
            self.reach[organisation.pk] = sorted(agents)
        self.ministry_agents = sorted(
            {
                m.agent
                for o in organisations
                if o.sector == OrgSector.MINISTRY
                for m in self.members.get(o.pk, [])
            }
        )
        self.all_agents = sorted({m.agent for ms in self.members.values() for m in ms})
        themes = Theme.objects.values_list("code", "pk", "region_id")
        self.theme_ids = {code: pk for code, pk, _ in themes}
        self.theme_region = {pk: region for _, pk, region in themes}
        self.parent: dict[int, Organisation] = {}
        by_path = {o.path: o for o in organisations}
        for organisation in organisations:
            parent = by_path.get(organisation.path[: -Organisation.steplen])
            if parent is not None:
                self.parent[organisation.pk] = parent
        self.rules = list(
            RoutingRule.objects.filter(active=True).values_list(
                "pk", "name", "kind", "theme_id", "organisation_id"
            )
        )
        emails = [email for _, email in FEATURED_ACCOUNTS]
        featured = dict(Agent.objects.filter(email__in=emails).values_list("email", "pk"))
        self.camille = featured.get("camille.laurent@diplomatie.example")
        self.henri = featured.get("henri.dubois@diplomatie.example")
        self.sophie = featured.get("sophie.bernard@diplomatie.example")
        self.postes = self._postes()
        self.favourites: dict[int, int] = {}
        for code, agent in (
            ("dgp-afmo-moyen-orient", self.camille),
            ("amb-washington-politique", self.sophie),
        ):
            organisation = self.by_code.get(code)
            if organisation is not None and agent is not None:
                self.favourites[organisation.pk] = agent

    def org(self, code: str) -> Organisation | None:
        return self.by_code.get(code)

    def _postes(self) -> dict[str, Poste]:
        names = {country: (in_fr, in_en) for _, country, _, in_fr, in_en, _ in EMBASSIES}
        city_en = {city: english for _, city, english, _, _, _ in CONSULATES}
        desk_of = {poste: desk for desk, postes in DESKS.items() for poste in postes}
        postes: dict[str, Poste] = {}
        for code, desk in desk_of.items():
            organisation = self.by_code.get(code)
            if organisation is None or desk not in self.by_code:
                continue
            country = str(organisation.country.code or "")
            city = organisation.city
            if not country:  # Jerusalem answers for the Palestinian territories.
                place = Place(
                    "ps",
                    "Territoires palestiniens",
                    "dans les Territoires palestiniens",
                    "the Palestinian Territories",
                    city,
                    CITY_EN.get(city, city),
                )
            else:
                in_fr, in_en = names.get(country, (f"en {city}", city))
                place = Place(
                    country.lower(),
                    in_fr.split(" ", 1)[1],
                    in_fr,
                    in_en,
                    city,
                    city_en.get(city) or CITY_EN.get(city, city),
                )
            sections = {
                o.code.removeprefix(f"{code}-"): o
                for o in self.by_code.values()
                if o.kind == K.POSTE_SECTION and o.code.startswith(f"{code}-")
            }
            postes[code] = Poste(organisation, place, desk, sections)
        return postes


# --- The plan of a publication ----------------------------------------------------------------


@dataclass(eq=False)
class PlannedEvent:
    at: dt.datetime
    actor: int | None
    action: str
    from_state: str
    to_state: str
    assignee: int | None = None
    note: str = ""

    @property
    def transition(self) -> tuple[str, str]:
        return self.from_state, self.to_state


@dataclass(eq=False)
class PlannedTask:
    organisation: int
    created_at: dt.datetime
    due_at: dt.datetime
    state: str = TaskState.NEW
    assignee: int | None = None
    updated_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    closing_note: str = ""
    reply: PlannedPublication | None = None
    rerouted_to: PlannedTask | None = None
    events: list[PlannedEvent] = field(default_factory=list)
    row: Task | None = None

    def event(self, event: PlannedEvent) -> None:
        self.events.append(event)
        self.updated_at = event.at
        if event.to_state:
            self.state = event.to_state


@dataclass(eq=False)
class PlannedPublication:
    kind: str
    issuer: Organisation
    author: int
    subject: str
    summary: str
    body: str
    language: str
    classification: str
    audience: str
    precedence: str
    sent_at: dt.datetime
    created_at: dt.datetime
    # organisation pk → (mode, origin, origin label)
    addressings: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    themes: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    coauthors: list[int] = field(default_factory=list)
    reply_to: PlannedPublication | None = None
    tasks: list[PlannedTask] = field(default_factory=list)
    acknowledged_at: dt.datetime | None = None
    acknowledged_by: int | None = None
    escalation_level: int = 0
    escalation_due_at: dt.datetime | None = None
    reads: dict[int, dt.datetime] = field(default_factory=dict)
    chrono_year: int | None = None
    chrono_sequence: int | None = None
    chrono: str = ""
    row: Publication | None = None

    @property
    def action(self) -> int | None:
        for organisation, (mode, *_origin) in self.addressings.items():
            if mode == Mode.ACTION:
                return organisation
        return None


@dataclass(frozen=True)
class Pin:
    """A story told on purpose, so that the featured accounts always find work waiting."""

    story: str
    age: dt.timedelta
    poste: str = ""
    category: Category | None = None
    outcome: str = ""
    assignee: int | None = None
    precedence: str = ""
    acknowledged: bool | None = None
    action: str = ""
    info: tuple[str, ...] = ()
    audience: str = ""


def a_ville(city: str) -> str:
    """`à Rabat`, `au Caire`."""
    return f"au {city[3:]}" if city.startswith("Le ") else f"à {city}"


def de_ville(city: str) -> str:
    """`de Rabat`, `du Caire`, `d'Abidjan`."""
    if city.startswith("Le "):
        return f"du {city[3:]}"
    return f"d'{city}" if city[:1] in "AEIOUÉ" else f"de {city}"


# --- The planner -------------------------------------------------------------------------------


class Planner:
    """Plans publications and their whole life from one seeded generator."""

    def __init__(self, world: World, rng: random.Random, now: dt.datetime, days: int) -> None:
        self.world = world
        self.rng = rng
        self.now = now
        self.days = days
        postes = list(world.postes.values())
        self.postes = postes
        self.poste_weights = [POSTE_WEIGHT.get(p.organisation.code, 1.0) for p in postes]
        self.instruction_weights = [
            INSTRUCTION_WEIGHT.get(p.organisation.code, 1.0) for p in postes
        ]

    # Small draws.

    def when(self) -> dt.datetime:
        """A moment in the period, more often recent than old."""
        days = self.days * self.rng.random() ** 1.7
        return self.now - dt.timedelta(days=days, minutes=self.rng.randint(2, 50))

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        if end <= start:
            return start
        return start + (end - start) * self.rng.random()

    def cap(self, moment: dt.datetime) -> dt.datetime:
        return min(moment, self.now - dt.timedelta(minutes=1))

    def member(
        self, organisation: int, when: dt.datetime, roles: Sequence[str] | None = None
    ) -> int | None:
        members = self.world.members.get(organisation, [])
        if roles is not None:
            members = [m for m in members if m.role in roles] or members
        if not members:
            return None
        day = when.date()
        present = [m for m in members if m.start <= day] or members
        return self.rng.choice(present).agent

    def manager(self, organisation: int, when: dt.datetime) -> int | None:
        return self.member(organisation, when, roles=(Role.HEAD, Role.DELEGATE, Role.SECRETARY))

    def head(self, organisation: int) -> int | None:
        for member in self.world.members.get(organisation, []):
            if member.role == Role.HEAD:
                return member.agent
        return None

    def language(self, english: float) -> str:
        return "en" if self.rng.random() < english else "fr"

    def precedence(self, category: Category, kind: str) -> str:
        if kind != Kind.TELEGRAM:
            return Precedence.ROUTINE
        values = [Precedence.ROUTINE, Precedence.PRIORITY, Precedence.IMMEDIATE, Precedence.FLASH]
        return str(self.rng.choices(values, weights=category.precedence)[0])

    def context(self, place: Place | None, sent_at: dt.datetime) -> dict[str, str]:
        rng = self.rng
        day = (sent_at + dt.timedelta(days=rng.randint(-6, 20))).date()
        minister = rng.choice(MINISTERS)
        sector = rng.choice(SECTORS)
        issue = rng.choice(ISSUES)
        amount = rng.choice((40, 85, 120, 250, 400, 750, 1200))
        growth = f"{rng.uniform(0.3, 6.5):.1f}"
        place = place or Place("", "France", "en France", "France", "Paris", "Paris")
        country = place.country
        return {
            "pays": place.pays,
            "en_pays": place.en_pays,
            "ville": place.city_fr,
            "a_ville": a_ville(place.city_fr),
            "de_ville": de_ville(place.city_fr),
            "country": country,
            "Country": country.removeprefix("the ")[:1].upper() + country.removeprefix("the ")[1:],
            "in_country": f"in {country}",
            "city": place.city_en,
            "jour": f"{day.day} {MONTHS_FR[day.month - 1]}",
            "day": f"{day.day} {MONTHS_EN[day.month - 1]}",
            "ministre": minister[0],
            "minister": minister[1],
            "secteur": sector[0],
            "sector": sector[1],
            "dossier": issue[0],
            "issue": issue[1],
            "montant": f"{amount} millions d'euros",
            "amount": f"EUR {amount} million",
            "croissance": growth.replace(".", ","),
            "growth": growth,
            "pct": str(rng.randint(31, 68)),
            "pct2": str(rng.randint(12, 45)),
            "turnout": str(rng.randint(38, 82)),
            "n": str(rng.randint(3, 40)),
            "objet": "",
        }

    def write(
        self, category: Category, language: str, context: dict[str, str]
    ) -> tuple[str, str, str]:
        prose = category.en if language == "en" else category.fr
        rng = self.rng
        scenario = rng.choice(prose.scenarios)
        parts = [f"## {prose.lead_heading}", scenario.lead]
        for index, (heading, paragraphs) in enumerate(prose.sections):
            parts += [f"## {heading}", rng.choice(paragraphs)]
            if index == 0 and prose.bullets:
                count = min(len(prose.bullets), rng.randint(3, 4))
                parts.append("\n".join(f"- {b}" for b in rng.sample(prose.bullets, count)))
        if len(prose.sections) == 0 and prose.bullets:
            parts.append("\n".join(f"- {b}" for b in prose.bullets))
        subject = scenario.subject.format_map(context)[:300]
        return subject, scenario.summary.format_map(context), "\n\n".join(parts).format_map(context)

    def themes(self, place: Place | None, category: Category) -> list[int]:
        ids = self.world.theme_ids
        themes: list[int] = []
        if place is not None and place.theme in ids:
            country = ids[place.theme]
            themes.append(country)
            region = self.world.theme_region.get(country)
            if region is not None:
                themes.append(region)
        for topic in self.rng.choice(category.topics):
            if topic in ids and ids[topic] not in themes:
                themes.append(ids[topic])
        return themes

    def tags(self, category: Category) -> list[str]:
        pool = [*category.tags, *DEMO_TAGS_EXTRA[:2]] if category.tags else []
        if not pool:
            return []
        count = self.rng.choices((0, 1, 2, 3), weights=(30, 35, 25, 10))[0]
        return self.rng.sample(pool, min(count, len(pool)))

    # A publication.

    def publication(
        self,
        kind: str,
        category: Category,
        *,
        issuer: Organisation,
        author: int,
        sent_at: dt.datetime,
        place: Place | None,
        english: float,
        precedence: str = "",
        audience: str = "",
    ) -> PlannedPublication:
        rng = self.rng
        language = self.language(english)
        subject, summary, body = self.write(category, language, self.context(place, sent_at))
        dr = kind != Kind.ARTICLE and rng.random() < category.dr * 1.3
        if dr:
            audience = Audience.ADDRESSEES
        elif not audience:
            audience = str(
                rng.choices(
                    [Audience.ADDRESSEES, Audience.MINISTRY, Audience.ADMINISTRATIONS],
                    weights=(50, 42, 8),
                )[0]
            )
        publication = PlannedPublication(
            kind=kind,
            issuer=issuer,
            author=author,
            subject=subject,
            summary=summary,
            body=body,
            language=language,
            classification=Classification.DR if dr else Classification.NP,
            audience=audience,
            precedence=precedence or self.precedence(category, kind),
            sent_at=sent_at,
            created_at=sent_at - dt.timedelta(minutes=rng.randint(10, 360)),
            themes=self.themes(place, category),
            tags=self.tags(category),
        )
        if kind != Kind.ARTICLE and rng.random() < 0.08:
            colleague = self.member(self.author_org(issuer, author), sent_at)
            if colleague is not None and colleague != author:
                publication.coauthors.append(colleague)
        return publication

    def author_org(self, issuer: Organisation, author: int) -> int:
        for organisation in self.world.by_pk.values():
            if organisation.path.startswith(issuer.path) and any(
                m.agent == author for m in self.world.members.get(organisation.pk, [])
            ):
                return int(organisation.pk)
        return int(issuer.pk)

    def address(
        self,
        publication: PlannedPublication,
        action: Organisation,
        candidates: Sequence[Organisation | None],
    ) -> None:
        """The action addressee, the routing rules' copies, then up to three in all."""
        dr = publication.classification == Classification.DR
        publication.addressings[action.pk] = (Mode.ACTION, AddressingOrigin.DIRECT, "")
        wanted = self.rng.choices((0, 1, 2, 3), weights=(15, 35, 35, 15))[0]
        for _pk, name, kind, theme, organisation in self.world.rules:
            if kind and kind != publication.kind:
                continue
            if theme is not None:
                regions = {self.world.theme_region.get(t) for t in publication.themes}
                if theme not in publication.themes and theme not in regions:
                    continue
            if organisation in publication.addressings:
                continue
            publication.addressings[organisation] = (
                Mode.INFORMATION,
                AddressingOrigin.RULE,
                name,
            )
        pool = [
            c
            for c in dict.fromkeys(candidates)
            if c is not None
            and c.pk not in publication.addressings
            and c.pk != publication.issuer.pk
            and not (dr and c.sector == OrgSector.EXTERNAL)
        ]
        room = max(0, min(wanted, MAX_INFO - (len(publication.addressings) - 1)))
        for organisation in self.rng.sample(pool, min(room, len(pool))):
            publication.addressings[organisation.pk] = (
                Mode.INFORMATION,
                AddressingOrigin.DIRECT,
                "",
            )

    # The life of a routed publication: its task, acknowledgement, reply and reads.

    def outcome(self, age: dt.timedelta, *, reroute: bool) -> str:
        days = age.total_seconds() / 86400
        states = ["done", TaskState.NEW, TaskState.ASSIGNED, TaskState.IN_PROGRESS, "rerouted"]
        if days > 45:
            weights = [90, 1, 2, 2, 5]
        elif days > 10:
            weights = [62, 6, 14, 13, 5]
        elif days > 2:
            weights = [35, 20, 22, 18, 5]
        else:
            weights = [10, 55, 20, 13, 2]
        if not reroute:
            weights[-1] = 0
        return str(self.rng.choices(states, weights=weights)[0])

    def assignee_for(self, organisation: int, when: dt.datetime) -> int | None:
        """A member of the organisation; the featured accounts get more than their share."""
        favourite = self.world.favourites.get(organisation)
        if favourite is not None and self.rng.random() < 0.6:
            return favourite
        return self.member(organisation, when)

    def assign(
        self, task: PlannedTask, when: dt.datetime, assignee: int | None = None
    ) -> int | None:
        assignee = assignee or self.assignee_for(task.organisation, when)
        if assignee is None:
            return None
        manager = self.manager(task.organisation, when)
        if manager is not None and manager != assignee and self.rng.random() < 0.7:
            task.event(
                PlannedEvent(when, manager, "assigned", task.state, TaskState.ASSIGNED, assignee)
            )
        else:
            task.event(
                PlannedEvent(when, assignee, "taken", task.state, TaskState.ASSIGNED, assignee)
            )
        task.assignee = assignee
        return assignee

    def run_task(
        self,
        publication: PlannedPublication,
        task: PlannedTask,
        outcome: str,
        budget: int,
        assignee: int | None = None,
    ) -> list[PlannedPublication]:
        """Take the task from new to its outcome; return the reply written, if any."""
        rng = self.rng
        start = task.created_at
        delay = TASK_DELAY[Precedence(publication.precedence)]
        if outcome == "done":
            end = self.cap(start + delay * rng.uniform(0.1, 2.2))
            if end <= start:
                end = self.cap(start + (self.now - start) * 0.8)
        else:
            end = self.now - dt.timedelta(minutes=rng.randint(1, 30))
        end = max(end, start + dt.timedelta(seconds=30))
        if outcome == TaskState.NEW:
            return []
        managed = outcome == "done" and rng.random() < 0.25
        if not managed:
            worker = self.assign(task, self.between(start, start + (end - start) * 0.3), assignee)
            if worker is None:
                return []
            if outcome == TaskState.IN_PROGRESS or (outcome == "done" and rng.random() < 0.6):
                moment = self.between(start + (end - start) * 0.3, start + (end - start) * 0.6)
                task.event(
                    PlannedEvent(moment, worker, "started", task.state, TaskState.IN_PROGRESS)
                )
        if outcome != "done":
            return []
        closer = task.assignee or self.manager(task.organisation, end)
        if closer is None:
            return []
        extra: list[PlannedPublication] = []
        note = ""
        if (
            budget >= 2
            and publication.reply_to is None
            and publication.kind in ROUTED_KINDS
            and rng.random() < 0.3
        ):
            reply = self.reply(publication, task.organisation, closer, end)
            task.reply = reply
            extra += [reply, *self.life(reply, budget - 1)]
        if task.reply is None:
            fr, en = rng.choice(CLOSING_NOTES)
            note = en if publication.language == "en" else fr
        task.event(PlannedEvent(end, closer, "closed", task.state, TaskState.DONE, note=note))
        task.closed_at = end
        task.closing_note = note
        return extra

    def life(
        self, publication: PlannedPublication, budget: int, pin: Pin | None = None
    ) -> list[PlannedPublication]:
        action = publication.action
        extra: list[PlannedPublication] = []
        if publication.kind in ROUTED_KINDS and action is not None:
            sent = publication.sent_at
            delay = TASK_DELAY[Precedence(publication.precedence)]
            task = PlannedTask(action, sent, sent + delay, updated_at=sent)
            task.event(PlannedEvent(sent, publication.author, "created", "", TaskState.NEW))
            publication.tasks.append(task)
            outcome = (pin.outcome if pin else "") or self.outcome(
                self.now - sent, reroute=publication.reply_to is None
            )
            if outcome == "rerouted":
                task, outcome = self.reroute(publication, task)
            extra = self.run_task(
                publication, task, outcome, budget, assignee=pin.assignee if pin else None
            )
            self.acknowledge(publication, action, pin)
        self.reads(publication)
        return extra

    def reroute(
        self, publication: PlannedPublication, task: PlannedTask
    ) -> tuple[PlannedTask, str]:
        rng = self.rng
        world = self.world
        moment = self.between(
            task.created_at, min(self.now, task.created_at + dt.timedelta(days=2))
        )
        moment = self.cap(max(moment, task.created_at + dt.timedelta(minutes=5)))
        choices = [
            o
            for code in (
                "fae-aide-consulaire",
                "cdcs-situation",
                "dcp-presse",
                "dgp-nuoi-droits",
                "dgp-afmo-moyen-orient",
                "dgp-eucon-ouest",
                "daj-dip-traites",
                "protocole-ceremonial",
            )
            if (o := world.org(code)) is not None and o.pk != task.organisation
        ]
        actor = self.manager(task.organisation, moment)
        if not choices or actor is None or moment <= task.created_at:
            return task, self.outcome(self.now - task.created_at, reroute=False)
        target = rng.choice(choices)
        if rng.random() < 0.4:
            self.assign(task, self.between(task.created_at, moment))
        note = rng.choice(REROUTE_NOTES)
        task.event(
            PlannedEvent(moment, actor, "rerouted", task.state, TaskState.REROUTED, None, note)
        )
        task.closed_at = moment
        old = publication.addressings[task.organisation]
        publication.addressings[task.organisation] = (Mode.INFORMATION, old[1], old[2])
        previous = publication.addressings.get(target.pk)
        publication.addressings[target.pk] = (
            Mode.ACTION,
            previous[1] if previous else AddressingOrigin.DIRECT,
            previous[2] if previous else "",
        )
        delay = TASK_DELAY[Precedence(publication.precedence)]
        new = PlannedTask(target.pk, moment, moment + delay, updated_at=moment)
        source = world.by_pk[task.organisation]
        new.event(
            PlannedEvent(
                moment,
                actor,
                "received",
                "",
                TaskState.NEW,
                note=f"Réorienté depuis {source.label} : {note}",
            )
        )
        task.rerouted_to = new
        publication.tasks.append(new)
        return new, self.outcome(self.now - moment, reroute=False)

    def acknowledge(self, publication: PlannedPublication, action: int, pin: Pin | None) -> None:
        if publication.precedence not in ACKNOWLEDGED_PRECEDENCES or (
            publication.kind not in ROUTED_KINDS
        ):
            return
        rng = self.rng
        delay = ACKNOWLEDGEMENT_DELAY[Precedence(publication.precedence)]
        age = self.now - publication.sent_at
        acknowledged = pin.acknowledged if pin and pin.acknowledged is not None else None
        if acknowledged is None:
            acknowledged = age > dt.timedelta(days=1) or rng.random() < 0.75
        if acknowledged:
            late = rng.random() < 0.2
            wait = delay * (rng.uniform(1.05, 1.9) if late else rng.uniform(0.1, 0.9))
            moment = self.cap(publication.sent_at + wait)
            if moment <= publication.sent_at:
                acknowledged = False
            else:
                by = self.member(action, moment) or self.head(action)
                if by is None:
                    return
                publication.acknowledged_at = moment
                publication.acknowledged_by = by
                publication.escalation_level = 1 if moment > publication.sent_at + delay else 0
                publication.reads.setdefault(by, moment)
                return
        steps = int(age / delay)
        publication.escalation_level = min(steps, 2)
        publication.escalation_due_at = (
            publication.sent_at + delay * (steps + 1) if steps < 2 else None
        )

    def reads(self, publication: PlannedPublication) -> None:
        rng = self.rng
        world = self.world
        age = (self.now - publication.sent_at).total_seconds() / 86400
        if age > 30:
            chance = 0.85
        elif age > 7:
            chance = 0.65
        elif age > 1:
            chance = 0.45
        else:
            chance = 0.2
        reads = publication.reads
        reads.setdefault(publication.author, publication.sent_at)
        reached: set[int] = set()
        for organisation in publication.addressings:
            reached.update(world.reach.get(organisation, []))
        if publication.audience != Audience.ADDRESSEES and not publication.addressings:
            pool = (
                world.all_agents
                if publication.audience == Audience.PARTNERS
                else world.ministry_agents
            )
            reached.update(rng.sample(pool, min(len(pool), rng.randint(4, 30))))
        span = max(60.0, (self.now - publication.sent_at).total_seconds())
        for agent in sorted(reached):
            if agent not in reads and rng.random() < chance:
                wait = min(span * 0.95, rng.expovariate(1 / 14400))
                reads[agent] = publication.sent_at + dt.timedelta(seconds=wait)
        for task in publication.tasks:
            for event in task.events:
                for who in (event.actor, event.assignee):
                    if who is not None and event.action != "received":
                        reads.setdefault(who, event.at)

    def reply(
        self, original: PlannedPublication, organisation: int, author: int, when: dt.datetime
    ) -> PlannedPublication:
        issuer = self.world.by_pk[organisation]
        kind = Kind.TELEGRAM if original.kind == Kind.DIPLOMATIC_NOTE else original.kind
        context = self.context(None, when)
        context["objet"] = original.subject
        subject, summary, body = self.write(REPLY, original.language, context)
        reply = PlannedPublication(
            kind=kind,
            issuer=issuer,
            author=author,
            subject=subject,
            summary=summary,
            body=body,
            language=original.language,
            classification=original.classification,
            audience=original.audience,
            precedence=Precedence.ROUTINE,
            sent_at=when,
            created_at=when - dt.timedelta(minutes=self.rng.randint(15, 240)),
            themes=list(original.themes),
            tags=list(original.tags[:1]),
            reply_to=original,
        )
        self.address(reply, original.issuer, [])
        return reply

    # Stories: each returns the publications it wrote, at most `budget`.

    def pick_poste(self, weights: Sequence[float], code: str = "") -> Poste:
        if code:
            return self.world.postes[code]
        return self.rng.choices(self.postes, weights=weights)[0]

    def poste_category(self, poste: Poste) -> Category:
        options = POSTE_CATEGORIES[poste.organisation.kind]
        return self.rng.choices([c for c, _ in options], weights=[w for _, w in options])[0]

    def english(self, poste: Poste | None, base: float = 0.2) -> float:
        """How likely a document about this poste is written in English."""
        if poste is None:
            return base
        if poste.organisation.code in ENGLISH_POSTES:
            return 0.65
        if poste.organisation.kind == K.PERMANENT_REPRESENTATION:
            return 0.5
        return base

    def story_telegram(self, budget: int, pin: Pin | None = None) -> list[PlannedPublication]:
        """A poste reports to headquarters."""
        world = self.world
        rng = self.rng
        poste = self.pick_poste(self.poste_weights, pin.poste if pin else "")
        category = (pin.category if pin else None) or self.poste_category(poste)
        sent_at = self.now - pin.age if pin else self.when()
        writer = poste.sections.get(category.section) or poste.sections.get("politique")
        writer = writer or poste.organisation
        author = self.member(writer.pk, sent_at) or self.member(poste.organisation.pk, sent_at)
        if author is None:
            return []
        desk_code = poste.desk
        second = SECOND_DESK.get(poste.organisation.code)
        if second and rng.random() < 0.35:
            desk_code = second
        if category is CONSULAR and rng.random() < 0.7:
            desk_code = "fae-aide-consulaire"
        elif category is VISAS and rng.random() < 0.7:
            desk_code = "fae-visas-politique"
        desk_code = (pin.action if pin else "") or desk_code
        desk = world.by_code[desk_code]
        publication = self.publication(
            Kind.TELEGRAM,
            category,
            issuer=poste.organisation,
            author=author,
            sent_at=sent_at,
            place=poste.place,
            english=self.english(poste),
            precedence=pin.precedence if pin else "",
        )
        geographic = world.by_code[poste.desk]
        parent = world.parent.get(desk.pk)
        neighbours = [
            world.postes[p].organisation
            for p in DESKS.get(poste.desk, ())
            if p in world.postes and p != poste.organisation.code
        ]
        candidates = [
            parent,
            parent,
            geographic,
            *(world.org(code) for code in category.info),
            *rng.sample(neighbours, min(1, len(neighbours))),
        ]
        if pin and pin.info:
            candidates = [world.org(code) for code in pin.info]
        self.address(publication, desk, candidates)
        return [publication, *self.life(publication, budget, pin)]

    def story_instruction(self, budget: int, pin: Pin | None = None) -> list[PlannedPublication]:
        """Headquarters instructs a poste."""
        world = self.world
        rng = self.rng
        poste = self.pick_poste(self.instruction_weights, pin.poste if pin else "")
        sent_at = self.now - pin.age if pin else self.when()
        if pin and pin.category:
            category = pin.category
        elif poste.organisation.kind == K.PERMANENT_REPRESENTATION:
            category = rng.choice((VOTE, VOTE, DEMARCHE, INPUT, PRESS_LINES))
        elif poste.organisation.kind == K.CONSULATE:
            category = rng.choice((CONSULAR_INSTRUCTION, CONSULAR_INSTRUCTION, CRISIS_INSTRUCTION))
        else:
            category = rng.choices(
                (INPUT, DEMARCHE, CONSULAR_INSTRUCTION, PRESS_LINES, CRISIS_INSTRUCTION),
                weights=(35, 25, 18, 12, 10),
            )[0]
        issuer_code = {
            CONSULAR_INSTRUCTION.name: rng.choice(("fae-aide-consulaire", "fae-visas-politique")),
            PRESS_LINES.name: "dcp-porte-parolat",
            CRISIS_INSTRUCTION.name: "cdcs-situation",
        }.get(category.name, poste.desk)
        issuer = world.by_code[issuer_code]
        author = self.member(issuer.pk, sent_at)
        if author is None:
            return []
        if pin and pin.action:
            action = world.by_code[pin.action]
        else:
            section = poste.sections.get(category.section)
            action = section if section is not None and rng.random() < 0.45 else poste.organisation
        publication = self.publication(
            Kind.TELEGRAM,
            category,
            issuer=issuer,
            author=author,
            sent_at=sent_at,
            place=poste.place,
            english=self.english(poste, 0.12) * 0.7,
            precedence=pin.precedence if pin else "",
        )
        neighbours = [
            world.postes[p].organisation
            for p in DESKS.get(poste.desk, ())
            if p in world.postes and p != poste.organisation.code
        ]
        candidates = [
            world.parent.get(issuer.pk),
            *(world.org(code) for code in category.info),
            *rng.sample(neighbours, min(2, len(neighbours))),
        ]
        if action.pk != poste.organisation.pk:
            candidates.append(poste.organisation)
        self.address(publication, action, candidates)
        return [publication, *self.life(publication, budget, pin)]

    def story_verbal_note(self, budget: int, pin: Pin | None = None) -> list[PlannedPublication]:
        world = self.world
        rng = self.rng
        poste = self.pick_poste(self.poste_weights)
        sent_at = self.when()
        if rng.random() < 0.65:
            category = VERBAL_NOTE_IN
            issuer = poste.organisation
            author = self.member(issuer.pk, sent_at) or self.member(
                (poste.sections.get("politique") or issuer).pk, sent_at
            )
            action = world.by_code[
                rng.choice(("protocole-immunites", "protocole-ceremonial", poste.desk))
            ]
            candidates = [world.org(poste.desk), world.org("dgp")]
        else:
            category = VERBAL_NOTE_OUT
            issuer = world.by_code["protocole-ceremonial"]
            author = self.member(issuer.pk, sent_at)
            action = poste.organisation
            candidates = [world.org(poste.desk)]
        if author is None:
            return []
        publication = self.publication(
            Kind.DIPLOMATIC_NOTE,
            category,
            issuer=issuer,
            author=author,
            sent_at=sent_at,
            place=poste.place,
            english=self.english(poste, 0.12) * 0.6,
        )
        self.address(publication, action, candidates)
        return [publication, *self.life(publication, budget, pin)]

    def story_note(self, budget: int, pin: Pin | None = None) -> list[PlannedPublication]:
        """An internal note between headquarters services."""
        world = self.world
        rng = self.rng
        sent_at = self.now - pin.age if pin else self.when()
        desk_code = rng.choices(
            list(DESKS), weights=[3 if d == "dgp-afmo-moyen-orient" else 1 for d in DESKS]
        )[0]
        postes = [world.postes[p] for p in DESKS[desk_code] if p in world.postes]
        place = rng.choice(postes).place if postes else None
        kind_of_note = rng.choices(
            ("situation", "press", "admin", "it", "treaty"), weights=(30, 25, 20, 15, 10)
        )[0]
        if pin and pin.category is IT_NOTE:
            kind_of_note = "it"
        desk = world.by_code[desk_code]
        if kind_of_note == "situation":
            category, issuer, action = SITUATION_NOTE, world.by_code["cdcs-situation"], desk
            candidates = [world.parent.get(desk.pk), world.org("min-armees-dgris")]
        elif kind_of_note == "press":
            category, issuer = NOTE_PRESS, desk
            action = world.by_code["dcp-porte-parolat"]
            candidates = [world.org("dcp-presse"), world.parent.get(desk.pk)]
        elif kind_of_note == "admin":
            category = ADMIN_NOTE
            issuer = world.by_code[
                rng.choice(("dgam-rh-carrieres", "dgam-budget-execution", "dgam-rh-formation"))
            ]
            action, place = desk, None
            candidates = [world.org("dgam"), world.parent.get(desk.pk)]
        elif kind_of_note == "it":
            category, place = IT_NOTE, None
            if rng.random() < 0.5:
                issuer, action = world.by_code["dnum-ssi"], world.by_code["dnum"]
            else:
                issuer, action = desk, world.by_code["dnum-applications"]
            candidates = [world.org("dnum-infra"), world.org("dnum-ssi")]
        else:
            category, issuer, action = TREATY_NOTE, world.by_code["daj-dip-traites"], desk
            candidates = [world.org("daj-dip"), world.org("protocole")]
        if pin and pin.action:
            action = world.by_code[pin.action]
        author = self.member(issuer.pk, sent_at)
        if author is None or action.pk == issuer.pk:
            return []
        publication = self.publication(
            Kind.NOTE,
            category,
            issuer=issuer,
            author=author,
            sent_at=sent_at,
            place=place,
            english=0.12,
        )
        self.address(publication, action, candidates)
        return [publication, *self.life(publication, budget, pin)]

    def story_letter(self, budget: int, pin: Pin | None = None) -> list[PlannedPublication]:
        world = self.world
        rng = self.rng
        sent_at = self.when()
        pairs = (
            ("fae-visas-politique", "min-interieur-dgef"),
            ("dgp-afmo-moyen-orient", "min-armees-dgris"),
            ("dgp", "min-armees-dgris"),
            ("dgp-ameriques-nord", "min-finances-tresor"),
            ("dgp-afmo-golfe", "navalia"),
            ("cdcs-humanitaire", "ssf"),
            ("dcp-presse", "presse-internationale"),
            ("min-finances-tresor", "dgp-asie-extreme-orient"),
            ("min-interieur-dgef", "fae-visas-politique"),
        )
        issuer_code, action_code = rng.choice(pairs)
        issuer, action = world.org(issuer_code), world.org(action_code)
        if issuer is None or action is None:
            return []
        author = self.member(issuer.pk, sent_at)
        if author is None:
            return []
        external = action.sector == OrgSector.EXTERNAL
        publication = self.publication(
            Kind.LETTER,
            LETTER,
            issuer=issuer,
            author=author,
            sent_at=sent_at,
            place=None,
            english=0.3 if external else 0.05,
            audience=Audience.ADDRESSEES if external else "",
        )
        if external:
            publication.classification = Classification.NP
            publication.audience = Audience.ADDRESSEES
        topic = {"ssf": "developpement", "navalia": "economie", "presse-internationale": "presse"}
        code = topic.get(action_code, "juridique")
        if code in world.theme_ids:
            publication.themes = [world.theme_ids[code]]
        self.address(publication, action, [world.parent.get(issuer.pk)])
        return [publication, *self.life(publication, budget, pin)]

    def story_article(self, budget: int, pin: Pin | None = None) -> list[PlannedPublication]:
        world = self.world
        rng = self.rng
        sent_at = self.now - pin.age if pin else self.when()
        poste = self.pick_poste(self.poste_weights)
        issuer_code = rng.choice(
            ("dcp-presse", "dcp-presse", "dcp-numerique", "dcp-porte-parolat", "dgam-rh-formation")
        )
        issuer = world.by_code[issuer_code]
        if rng.random() < 0.25:
            issuer = poste.sections.get("presse") or poste.organisation
        author = self.member(issuer.pk, sent_at)
        if author is None:
            return []
        audience = (pin.audience if pin else "") or str(
            rng.choices(
                [Audience.MINISTRY, Audience.ADMINISTRATIONS, Audience.PARTNERS],
                weights=(65, 12, 23),
            )[0]
        )
        publication = self.publication(
            Kind.ARTICLE,
            ARTICLE,
            issuer=issuer,
            author=author,
            sent_at=sent_at,
            place=poste.place,
            english=0.35,
            audience=audience,
        )
        self.reads(publication)
        return [publication]

    STORIES: tuple[tuple[str, int], ...] = (
        ("telegram", 52),
        ("instruction", 16),
        ("verbal_note", 6),
        ("note", 12),
        ("letter", 5),
        ("article", 9),
    )

    def story(self, name: str, budget: int, pin: Pin | None = None) -> list[PlannedPublication]:
        method: Callable[[int, Pin | None], list[PlannedPublication]] = getattr(
            self, f"story_{name}"
        )
        return method(budget, pin)

    def plan(self, count: int, pins: Sequence[Pin] = ()) -> list[PlannedPublication]:
        """Exactly `count` publications (replies included)."""
        planned: list[PlannedPublication] = []
        for pin in pins:
            planned += self.story(pin.story, count - len(planned), pin)
        names = [name for name, _ in self.STORIES]
        weights = [weight for _, weight in self.STORIES]
        while len(planned) < count:
            name = self.rng.choices(names, weights=weights)[0]
            planned += self.story(name, count - len(planned))
        return planned


# --- Writing --------------------------------------------------------------------------------


@contextmanager
def explicit_timestamps() -> Iterator[None]:
    """Let the generator date rows in the past: `auto_now` fields would stamp them today."""
    fields: list[models.DateField[Any, Any]] = []
    for model, name in (
        (Publication, "created_at"),
        (Publication, "updated_at"),
        (Task, "created_at"),
        (Task, "updated_at"),
    ):
        found = model._meta.get_field(name)
        assert isinstance(found, models.DateField)
        fields.append(found)
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    batch_size: int,
) -> int:
    """Insert plain rows without building model instances, several times faster than
    `bulk_create` for the large link tables (reads, addressings, history): `COPY` on
    PostgreSQL, `executemany` on SQLite. Datetimes must go through `adapt`."""
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(column(model, name)) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        placeholders = ", ".join(["%s"] * len(fields))
        # Names from the models, values as parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608  # nosec B608
        for start in range(0, len(rows), batch_size):
            cursor.executemany(sql, rows[start : start + batch_size])
    return len(rows)


def column(model: type[models.Model], name: str) -> str:
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field)
    return str(found.column)


def adapt(moment: dt.datetime | None) -> object:
    """A datetime as the database stores it: naive UTC text on SQLite (what Django's
    `adapt_datetimefield_value` gives, without its per-value overhead)."""
    if moment is None or connection.vendor != "sqlite":
        return connection.ops.adapt_datetimefield_value(moment)
    return str(moment.astimezone(dt.UTC).replace(tzinfo=None))


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(
        ("publications", "addressings", "tasks", "task events", "reads", "references"), 0
    )


class PublicationGenerator:
    """Plans and writes publications in batches, keeping chrono counters in step."""

    def __init__(
        self, *, seed: int = SEED, now: dt.datetime | None = None, days: int = DAYS
    ) -> None:
        self.world = World()
        # Demo data, not a secret.
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311
        self.now = now or timezone.now()
        self.planner = Planner(self.world, self.rng, self.now, days)
        self.counters = {
            (issuer, year): last
            for issuer, year, last in ChronoCounter.objects.values_list("issuer_id", "year", "last")
        }
        self.tag_ids: dict[str, int] = dict(Tag.objects.values_list("name", "pk"))
        # Written publications still waiting for an acknowledgement.
        self.escalated: list[PlannedPublication] = []

    def generate(
        self,
        count: int,
        *,
        batch_size: int = 5000,
        pins: Sequence[Pin] = (),
        stdout: Callable[[str], None] | None = None,
    ) -> dict[str, int]:
        counts = empty_counts()
        done = 0
        while done < count:
            size = min(batch_size, count - done)
            with transaction.atomic():
                planned = self.planner.plan(size, pins if done == 0 else ())
                written = self.write(planned, batch_size=batch_size)
            for key, value in written.items():
                counts[key] += value
            done += size
            if stdout is not None and count > batch_size:
                stdout(f"  {done}/{count} publications")
        return counts

    def number(self, planned: Sequence[PlannedPublication]) -> None:
        """Chrono numbers in sending order, per issuer and year, after the counters."""
        numbered = sorted(
            (p for p in planned if p.kind in CHRONO_KINDS), key=lambda p: (p.sent_at, p.subject)
        )
        for publication in numbered:
            year = timezone.localtime(publication.sent_at).year
            key = (int(publication.issuer.pk), year)
            sequence = self.counters.get(key, 0) + 1
            self.counters[key] = sequence
            publication.chrono_year = year
            publication.chrono_sequence = sequence
            publication.chrono = format_chrono(publication.issuer, year, sequence)

    def save_counters(self) -> None:
        existing = {
            (c.issuer_id, c.year): c
            for c in ChronoCounter.objects.filter(issuer_id__in={i for i, _ in self.counters})
        }
        changed: list[ChronoCounter] = []
        new: list[ChronoCounter] = []
        for (issuer, year), last in self.counters.items():
            counter = existing.get((issuer, year))
            if counter is None:
                new.append(ChronoCounter(issuer_id=issuer, year=year, last=last))
            elif counter.last != last:
                counter.last = last
                changed.append(counter)
        ChronoCounter.objects.bulk_create(new)
        ChronoCounter.objects.bulk_update(changed, ["last"])

    def write(self, planned: Sequence[PlannedPublication], *, batch_size: int) -> dict[str, int]:
        self.number(planned)
        counts = empty_counts()
        with explicit_timestamps():
            rows = [
                Publication(
                    kind=p.kind,
                    status=Status.SENT,
                    subject=p.subject,
                    summary=p.summary,
                    body=p.body,
                    language=p.language,
                    classification=p.classification,
                    audience=p.audience,
                    precedence=p.precedence,
                    precedence_rank=PRECEDENCE_RANK[Precedence(p.precedence)],
                    author_id=p.author,
                    issuer_id=p.issuer.pk,
                    chrono_year=p.chrono_year,
                    chrono_sequence=p.chrono_sequence,
                    chrono=p.chrono,
                    created_at=p.created_at,
                    updated_at=p.acknowledged_at or p.sent_at,
                    sent_at=p.sent_at,
                    acknowledged_at=p.acknowledged_at,
                    acknowledged_by_id=p.acknowledged_by,
                    escalation_level=p.escalation_level,
                    escalation_due_at=p.escalation_due_at,
                )
                for p in planned
            ]
            Publication.objects.bulk_create(rows, batch_size=batch_size)
            for p, row in zip(planned, rows, strict=True):
                p.row = row
            counts["publications"] = len(rows)
            counts["addressings"] = self.write_relations(planned, batch_size)
            counts["tasks"], counts["task events"] = self.write_tasks(planned, batch_size)
        counts["reads"] = insert_rows(
            Read,
            ("agent", "publication", "first_read_at"),
            [
                (agent, publication, adapt(at))
                for p, publication in ((p, pk(p)) for p in planned)
                for agent, at in p.reads.items()
            ],
            batch_size,
        )
        counts["references"] = sum(1 for p in planned if p.reply_to is not None)
        self.escalated += [
            p
            for p in planned
            if p.precedence in ACKNOWLEDGED_PRECEDENCES
            and p.kind in ROUTED_KINDS
            and p.acknowledged_at is None
        ]
        self.save_counters()
        return counts

    def write_relations(self, planned: Sequence[PlannedPublication], batch_size: int) -> int:
        addressings = insert_rows(
            Addressing,
            ("publication", "organisation", "mode", "origin", "origin_label"),
            [
                (pk(p), organisation, mode, origin, label)
                for p in planned
                for organisation, (mode, origin, label) in p.addressings.items()
            ],
            batch_size,
        )
        insert_rows(
            Publication.themes.through,
            ("publication", "theme"),
            [(pk(p), theme) for p in planned for theme in p.themes],
            batch_size,
        )
        names = {name for p in planned for name in p.tags} - set(self.tag_ids)
        if names:
            Tag.objects.bulk_create([Tag(name=n) for n in sorted(names)], ignore_conflicts=True)
            self.tag_ids.update(Tag.objects.filter(name__in=names).values_list("name", "pk"))
        insert_rows(
            Publication.tags.through,
            ("publication", "tag"),
            [(pk(p), self.tag_ids[name]) for p in planned for name in p.tags],
            batch_size,
        )
        insert_rows(
            Publication.coauthors.through,
            ("publication", "agent"),
            [(pk(p), agent) for p in planned for agent in p.coauthors],
            batch_size,
        )
        insert_rows(
            Reference,
            ("source", "target", "kind"),
            [(pk(p), pk(p.reply_to), ReferenceKind.REPLY.value) for p in planned if p.reply_to],
            batch_size,
        )
        return addressings

    def write_tasks(
        self, planned: Sequence[PlannedPublication], batch_size: int
    ) -> tuple[int, int]:
        tasks = [t for p in planned for t in p.tasks]
        by_task = {id(t): p for p in planned for t in p.tasks}
        # Tasks a re-routed task points to are written first.
        for group in (
            [t for t in tasks if t.rerouted_to is None],
            [t for t in tasks if t.rerouted_to is not None],
        ):
            rows = [
                Task(
                    publication_id=pk(by_task[id(t)]),
                    organisation_id=t.organisation,
                    state=t.state,
                    assignee_id=t.assignee,
                    precedence_rank=PRECEDENCE_RANK[Precedence(by_task[id(t)].precedence)],
                    due_at=t.due_at,
                    created_at=t.created_at,
                    updated_at=t.updated_at or t.created_at,
                    closed_at=t.closed_at,
                    reply_id=pk(t.reply) if t.reply is not None else None,
                    closing_note=t.closing_note,
                    rerouted_to_id=(
                        t.rerouted_to.row.pk
                        if t.rerouted_to is not None and t.rerouted_to.row is not None
                        else None
                    ),
                )
                for t in group
            ]
            Task.objects.bulk_create(rows, batch_size=batch_size)
            for task, row in zip(group, rows, strict=True):
                task.row = row
        events = insert_rows(
            TaskEvent,
            ("task", "at", "actor", "action", "from_state", "to_state", "assignee", "note"),
            [
                (t.row.pk, adapt(e.at), e.actor, e.action, *e.transition, e.assignee, e.note)
                for t in tasks
                if t.row is not None
                for e in t.events
            ],
            batch_size,
        )
        return len(tasks), events


def pk(publication: PlannedPublication) -> int:
    assert publication.row is not None
    return int(publication.row.pk)


# --- The demo ----------------------------------------------------------------------------------


def _featured_pins(world: World) -> list[Pin]:
    """Work waiting for the featured accounts, whatever the draw."""
    hours = dt.timedelta(hours=1)
    days = dt.timedelta(days=1)
    desk = "dgp-afmo-moyen-orient"
    camille, sophie = world.camille, world.sophie
    pins = [
        Pin(
            "telegram",
            20 * dt.timedelta(minutes=1),
            "amb-tel-aviv",
            SECURITY,
            TaskState.NEW,
            precedence=Precedence.FLASH,
            acknowledged=False,
            action=desk,
            info=("dgp-afmo", "cdcs-situation"),
        ),
        Pin(
            "telegram",
            80 * dt.timedelta(minutes=1),
            "amb-le-caire",
            POLITICS,
            TaskState.NEW,
            precedence=Precedence.IMMEDIATE,
            acknowledged=False,
            action=desk,
        ),
        Pin("telegram", 3 * hours, "cg-jerusalem", POLITICS, TaskState.NEW, action=desk),
        Pin("telegram", 9 * hours, "amb-tel-aviv", ELECTIONS, TaskState.NEW, action=desk),
        Pin("telegram", 1.5 * days, "amb-le-caire", ECONOMY, TaskState.NEW, action=desk),
        Pin("telegram", 1 * days, "amb-tel-aviv", VISIT, TaskState.ASSIGNED, camille, action=desk),
        Pin(
            "telegram",
            2 * days,
            "cg-jerusalem",
            POLITICS,
            TaskState.IN_PROGRESS,
            camille,
            action=desk,
        ),
        Pin("telegram", 6 * days, "amb-tel-aviv", PRESS, TaskState.ASSIGNED, camille, action=desk),
        Pin(
            "instruction",
            5 * hours,
            "amb-washington",
            INPUT,
            TaskState.NEW,
            action="amb-washington-politique",
        ),
        Pin(
            "instruction",
            1.5 * days,
            "amb-washington",
            DEMARCHE,
            TaskState.ASSIGNED,
            sophie,
            action="amb-washington-politique",
        ),
        Pin(
            "instruction",
            8 * days,
            "amb-washington",
            INPUT,
            TaskState.IN_PROGRESS,
            sophie,
            action="amb-washington-politique",
        ),
        Pin(
            "instruction",
            2 * days,
            "amb-washington",
            CONSULAR_INSTRUCTION,
            TaskState.NEW,
            action="amb-washington",
        ),
        Pin(
            "telegram",
            7 * hours,
            "cg-new-york",
            POLITICS,
            TaskState.NEW,
            action="dgp-ameriques-nord",
            info=("amb-washington",),
        ),
        Pin("article", 4 * hours, audience=Audience.PARTNERS),
        Pin("article", 3 * days, audience=Audience.PARTNERS),
        Pin("note", 5 * hours, category=IT_NOTE, outcome=TaskState.NEW, action="dnum"),
    ]
    return [p for p in pins if not p.poste or p.poste in world.postes]


def ensure_routing_setup() -> dict[str, int]:
    """Distribution lists, routing rules and the Middle East service's duty roster."""
    created = {"distribution lists": 0, "routing rules": 0, "duty assignments": 0}
    themes = {
        t.code: t
        for t in Theme.objects.filter(
            code__in=["europe", "afrique-nord-moyen-orient", "crises", "consulaire"]
        )
    }
    organisations = {
        o.code: o
        for o in Organisation.objects.filter(
            code__in=["cdcs", "fae", "protocole", "cg-jerusalem", "dgp-afmo-moyen-orient"]
        )
    }
    lists: tuple[tuple[str, str, str, list[str], str, list[str]], ...] = (
        (
            "ambassades-europe",
            "Toutes les ambassades en Europe",
            "All embassies in Europe",
            ["embassy"],
            "europe",
            [],
        ),
        (
            "postes-moyen-orient",
            "Postes du Moyen-Orient",
            "Middle East postes",
            ["embassy", "consulate"],
            "afrique-nord-moyen-orient",
            ["cg-jerusalem"],
        ),
    )
    for code, name, name_en, kinds, region, also in lists:
        distribution, new = DistributionList.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "kinds": kinds, "region": themes[region]},
        )
        if new:
            distribution.organisations.set([organisations[c] for c in also if c in organisations])
            created["distribution lists"] += 1
    rules = (
        ("Crises et urgences → Centre de crise et de soutien", "", "crises", "cdcs"),
        ("Affaires consulaires → Direction des Français à l'étranger", "", "consulaire", "fae"),
        ("Notes verbales → Direction du protocole", Kind.DIPLOMATIC_NOTE, None, "protocole"),
    )
    for name, kind, theme, organisation in rules:
        if organisation not in organisations or RoutingRule.objects.filter(name=name).exists():
            continue
        RoutingRule.objects.create(
            name=name,
            kind=kind,
            theme=themes[theme] if theme else None,
            organisation=organisations[organisation],
        )
        created["routing rules"] += 1
    desk = organisations.get("dgp-afmo-moyen-orient")
    if desk is not None and not DutyAssignment.objects.filter(organisation=desk).exists():
        members = list(
            Membership.objects.active()
            .filter(organisation=desk)
            .exclude(role=Role.HEAD)
            .order_by("agent__email")
            .values_list("agent_id", flat=True)
        )
        camille = Agent.objects.filter(email="camille.laurent@diplomatie.example").first()
        on_call = ([camille.pk] if camille and camille.pk in members else []) + [
            m for m in members if not camille or m != camille.pk
        ]
        DutyAssignment.objects.bulk_create(
            [
                DutyAssignment(organisation=desk, agent_id=agent, position=position)
                for position, agent in enumerate(on_call[:2])
            ]
        )
        created["duty assignments"] += len(on_call[:2])
    return created


def _create_drafts() -> int:
    by_code = {
        o.code: o
        for o in Organisation.objects.filter(
            code__in=[
                "dgp-afmo-moyen-orient",
                "amb-tel-aviv",
                "cg-jerusalem",
                "dcp-porte-parolat",
                "amb-washington",
                "dgp-ameriques-nord",
                "amb-washington-politique",
            ]
        )
    }
    themes = {t.code: t for t in Theme.objects.filter(code__in=["il", "us", "presse", "economie"])}
    agents = {
        a.email.split(".", 1)[0]: a
        for a in Agent.objects.filter(
            email__in=["camille.laurent@diplomatie.example", "sophie.bernard@diplomatie.example"]
        )
    }
    if len(by_code) < 7 or len(agents) < 2:
        return 0
    camille, sophie = agents["camille"], agents["sophie"]
    desk, washington = by_code["dgp-afmo-moyen-orient"], by_code["amb-washington"]
    drafts = [
        (
            camille,
            DraftData(
                kind=Kind.TELEGRAM,
                subject="Israël – Demande d'éléments en vue du dialogue stratégique",
                issuer=desk,
                summary="En vue du dialogue stratégique, le poste voudra bien transmettre des "
                "éléments actualisés sur la situation intérieure.",
                body="## Objet\n\nLe dialogue stratégique se tiendra à Paris le mois prochain."
                "\n\n## Éléments attendus\n\n- situation politique intérieure ;\n"
                "- agenda bilatéral ;\n- coopération en matière de recherche.",
                action_to=by_code["amb-tel-aviv"],
                info_to=[by_code["cg-jerusalem"]],
                themes=[t for c, t in themes.items() if c == "il"],
                tags=["dialogue-stratégique"],
            ),
        ),
        (
            camille,
            DraftData(
                kind=Kind.NOTE,
                subject="Note pour le porte-parolat – Proche-Orient",
                issuer=desk,
                summary="Éléments de réponse pour le prochain point de presse.",
                body="## Contexte\n\nPlusieurs questions sont attendues.\n\n"
                "## Éléments proposés\n\nLa France appelle toutes les parties à la retenue.",
                action_to=by_code["dcp-porte-parolat"],
                themes=[t for c, t in themes.items() if c in ("il", "presse")],
            ),
        ),
        (
            sophie,
            DraftData(
                kind=Kind.TELEGRAM,
                subject="États-Unis – Élections de mi-mandat : état des lieux de la campagne",
                issuer=washington,
                summary="À trois mois du scrutin, la campagne se resserre dans une dizaine "
                "d'États clés.",
                body="## Contexte\n\nLes primaires se sont achevées.\n\n## Analyse\n\n"
                "- participation attendue en hausse ;\n- l'économie domine la campagne.",
                action_to=by_code["dgp-ameriques-nord"],
                themes=[t for c, t in themes.items() if c == "us"],
                tags=["élections"],
            ),
        ),
        (
            sophie,
            DraftData(
                kind=Kind.TELEGRAM,
                subject="United States – Congressional hearing on transatlantic trade",
                issuer=washington,
                language="en",
                summary="The House committee heard the trade representative on transatlantic "
                "trade; tariffs on European steel were discussed at length.",
                body="## Background\n\nThe hearing lasted three hours.\n\n## Analysis\n\n"
                "- bipartisan concern about supply chains;\n- no new measure announced.",
                action_to=by_code["dgp-ameriques-nord"],
                themes=[t for c, t in themes.items() if c in ("us", "economie")],
            ),
        ),
    ]
    for author, data in drafts:
        do_create_draft(author, data)
    return len(drafts)


def _escalations(publications: Sequence[PlannedPublication]) -> None:
    """What the escalation of the publications still waiting for an acknowledgement has
    done so far (the notifications of the steps taken) and will do (the next step,
    queued for the worker), as `do_send` and `escalate_due` would have."""
    from diplomatie.publications.tasks import escalate_publication

    for publication in publications:
        action = publication.action
        if action is None or publication.row is None:
            continue
        recipients: set[int] = set()
        if publication.escalation_level >= 1:
            recipients.update(
                Membership.objects.active()
                .filter(organisation_id=action, role__in=[Role.HEAD, Role.DELEGATE])
                .values_list("agent_id", flat=True)
            )
        if publication.escalation_level >= 2:
            recipients.update(
                DutyAssignment.objects.filter(organisation_id=action).values_list(
                    "agent_id", flat=True
                )
            )
        if recipients:
            do_notify(
                sorted(recipients),
                kind="publication.escalation",
                text=_("Not acknowledged: %(precedence)s %(chrono)s — %(subject)s")
                % {
                    "precedence": Precedence(publication.precedence).label,
                    "chrono": publication.chrono,
                    "subject": publication.subject,
                },
                url=f"/publications/{publication.row.pk}/",
            )
        if publication.escalation_due_at is not None:
            transaction.on_commit(
                partial(
                    escalate_publication.using(run_after=publication.escalation_due_at).enqueue,
                    publication.row.pk,
                )
            )


def load_demo_publications(*, stdout: Callable[[str], None] | None = None) -> dict[str, int]:
    """Create two years of publications on the demo ministry, once; return what was created.

    Does nothing (and returns zeros) when the database already holds publications, so
    running it twice, or on a platform in use, changes nothing."""
    counts = {**empty_counts(), "drafts": 0}
    with transaction.atomic():
        # The vocabulary comes with the migrations, but a flushed database (tests) has
        # lost it: make sure it is there (idempotent).
        load_vocabulary(Theme)
        counts.update(ensure_routing_setup())
        if (
            Publication.objects.exists()
            or not Organisation.objects.filter(code="dgp-afmo-moyen-orient").exists()
        ):
            return counts
        generator = PublicationGenerator(seed=SEED)
        pins = _featured_pins(generator.world)
        counts.update(
            generator.generate(DEMO_PUBLICATIONS, batch_size=DEMO_PUBLICATIONS, pins=pins)
        )
        _escalations(generator.escalated)
        counts["drafts"] = _create_drafts()
    if connection.vendor == "postgresql":
        # Fresh planner statistics now rather than when autovacuum gets round to it.
        with connection.cursor() as cursor:
            for model in (Publication, Addressing, Task, Read, Publication.themes.through):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    if stdout is not None:
        stdout(
            f"Demo publications: {counts['publications']} publications, "
            f"{counts['tasks']} tasks and {counts['reads']} reads created."
        )
    return counts
