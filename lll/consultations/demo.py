"""Demo consultations, a poll and study visits of the demo WZK (needs `load_demo_coordination`).

From the 2nd meeting of WZK Podlaskie (27 June 2024): the pre-consultation of the legal changes
strengthening the coordination and monitoring of lifelong learning in the regions (amendments to
the acts on voivodeship self-government, on labour market institutions and on powiat
self-government) and the vote on the study-visit destinations proposed by the office (Germany,
Denmark, Finland, the Netherlands, Spain), to which a member added France for senior policy.
The comments, votes and visits are invented for the demo; the people are the coordination demo's
fictional people. Everything is marked `is_demo`.

Idempotent: consultations are found by subject, polls by question, visits by title; what exists
is left alone, so a second run changes nothing. The open consultation is dated from the first
load, so there is always one to try.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.coordination.models import Body, Meeting, Membership, Person
from lll.core.demo import require

from .models import (
    Ballot,
    BallotChoice,
    Comment,
    Consultation,
    Participation,
    Poll,
    PollOption,
    Provision,
    Recommendation,
    StudyVisit,
)

LOCAL_TIME = ZoneInfo("Europe/Warsaw")

SEED_TITLE = (
    "Docelowe rozwiązania prawne w zakresie wzmocnienia koordynacji i monitorowania uczenia się "
    "przez całe życie w regionach – prekonsultacje"
)
OPEN_TITLE = (
    "Zadania powiatu w zakresie koordynacji kształcenia zawodowego i uczenia się dorosłych – "
    "prekonsultacje propozycji zmian w ustawie o samorządzie powiatowym"
)
POLL_QUESTION = "Kierunki wizyt studyjnych członków WZK"


def _at(value: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(value), LOCAL_TIME)


def _person(name: str) -> Person:
    first, last = name.split(" ", 1)
    person = Person.objects.filter(is_demo=True, first_name=first, last_name=last).first()
    return require(person, "load_demo_coordination", name)


SEED_PROVISIONS = [
    (
        "Założenie 1",
        "Ustawowe umocowanie wojewódzkich zespołów koordynacji LLL jako ciał doradczych zarządu "
        "województwa (ustawa o samorządzie województwa).",
    ),
    (
        "Założenie 2",
        "Zadanie samorządu województwa: monitorowanie realizacji Zintegrowanej Strategii "
        "Umiejętności 2030 w regionie i coroczny raport dla sejmiku.",
    ),
    (
        "Założenie 3",
        "Obowiązek przekazywania danych przez powiatowe urzędy pracy do regionalnego systemu "
        "monitorowania (ustawa o instytucjach rynku pracy).",
    ),
    (
        "Założenie 4",
        "Udział powiatów w koordynacji kształcenia zawodowego na swoim obszarze "
        "(ustawa o samorządzie powiatowym).",
    ),
]

# (author, provision index or None, comment, proposed wording, justification, response, text)
SEED_COMMENTS = [
    (
        "Halina Sawicka",
        2,
        "Obowiązek przekazywania danych powinien obejmować wyłącznie dane już gromadzone przez "
        "urzędy, bez nowych sprawozdań.",
        "„…przekazują dane gromadzone w ramach realizacji zadań ustawowych, w zakresie i terminach "
        "określonych w porozumieniu z samorządem województwa”.",
        "Powiatowe urzędy pracy są obciążone sprawozdawczością; nowy obowiązek bez dodatkowych "
        "etatów obniży jakość danych.",
        "partly",
        "Uwzględniono zasadę wykorzystania danych już gromadzonych; zakres danych określi "
        "porozumienie, ale terminy muszą być jednolite w całym kraju.",
    ),
    (
        "Marcin Stępień",
        0,
        "Należy wskazać w ustawie udział uczelni w składzie zespołu.",
        "Dodać: „W skład zespołu wchodzą co najmniej dwaj przedstawiciele uczelni mających "
        "siedzibę na obszarze województwa”.",
        "Uczelnie prowadzą kształcenie dorosłych (studia podyplomowe, mikropoświadczenia), "
        "a ich udział nie może zależeć od uznania zarządu.",
        "accepted",
        "",
    ),
    (
        "Agnieszka Pietrzak",
        0,
        "Skład zespołu powinien obejmować przedstawicieli uczelni.",
        "",
        "Jak w uwadze Politechniki Białostockiej.",
        "accepted",
        "",
    ),
    (
        "Robert Dąbek",
        1,
        "Coroczny raport to zbyt krótki cykl dla wskaźników ZSU 2030, których większość jest "
        "publikowana co dwa lata.",
        "„…raport co dwa lata, z corocznym przeglądem wskaźników dostępnych w danym roku”.",
        "Dane BAEL o udziale dorosłych w kształceniu są dostępne z opóźnieniem.",
        "rejected",
        "Coroczny raport pozwala sejmikowi reagować na bieżąco; raport wskaże, które wskaźniki nie "
        "zostały zaktualizowane.",
    ),
    (
        "",
        3,
        "Prosimy o doprecyzowanie, czy koordynacja na poziomie powiatu obejmuje także szkoły "
        "prowadzone przez gminy.",
        "",
        "Szkoły branżowe prowadzą głównie powiaty, ale centra kształcenia ustawicznego bywają "
        "prowadzone przez inne podmioty.",
        "explained",
        "Koordynacja obejmuje wszystkie szkoły i placówki kształcenia zawodowego na obszarze "
        "powiatu, niezależnie od organu prowadzącego.",
    ),
]
INVITED = "Starostwo Powiatowe w Sokółce (instytucja zaproszona)"

OPEN_PROVISIONS = [
    ("Propozycja 1", "Powiatowa rada rynku pracy opiniuje plan kształcenia zawodowego powiatu."),
    (
        "Propozycja 2",
        "Starosta przekazuje zespołowi koordynacji roczną informację o ofercie "
        "kształcenia dorosłych na obszarze powiatu.",
    ),
]

# (label, details, proposer, justification)
POLL_OPTIONS = [
    ("Niemcy", "Bundesagentur für Arbeit, izby rzemieślnicze; kształcenie dualne", "", ""),
    ("Dania", "centra kształcenia dorosłych (VUC); uczenie się przez całe życie", "", ""),
    ("Finlandia", "Opetushallitus, ośrodki kształcenia zawodowego; edukacja pozaformalna", "", ""),
    ("Holandia", "regionalne centra szkoleniowe (ROC); łączenie edukacji z rynkiem pracy", "", ""),
    ("Hiszpania", "publiczne służby zatrudnienia (SEPE); aktywizacja młodzieży", "", ""),
]
FRANCE = (
    "Francja",
    "France Travail, uniwersytety trzeciego wieku; polityka senioralna",
    "Halina Sawicka",
    "Francja to dobry przykład połączenia edukacji z rynkiem pracy, szczególnie w polityce "
    "senioralnej; to cenne doświadczenie, gdy Polska staje się społeczeństwem starzejącym się.",
)


def load_demo() -> dict[str, int]:
    """Create what is missing; returns how many consultations, polls and visits were created."""
    counts = {"consultations": 0, "polls": 0, "visits": 0}
    wzk = require(Body.objects.filter(short_name="WZK").first(), "load_demo_coordination", "WZK")
    meeting = require(
        Meeting.objects.filter(body=wzk, number=2).first(),
        "load_demo_coordination",
        _("The second meeting of the WZK"),
    )
    with transaction.atomic():
        if not Consultation.objects.filter(title=SEED_TITLE).exists():
            _seed_consultation(wzk)
            counts["consultations"] += 1
        if not Consultation.objects.filter(title=OPEN_TITLE).exists():
            _open_consultation(wzk)
            counts["consultations"] += 1
        poll = Poll.objects.filter(question=POLL_QUESTION).first()
        if poll is None:
            poll = _poll(wzk, meeting)
            counts["polls"] += 1
        elif poll.meeting_id is None:  # loaded before polls belonged to meetings
            poll.meeting = meeting
            poll.save(update_fields=["meeting"])
        counts["visits"] += _visits(wzk, poll)
    return counts


def _seed_consultation(wzk: Body) -> None:
    consultation = Consultation.objects.create(
        title=SEED_TITLE,
        legal_acts="ustawa o samorządzie województwa\nustawa o instytucjach rynku pracy\n"
        "ustawa o samorządzie powiatowym",
        description="Założenia przedstawione przez Biuro Koordynacji na 2. posiedzeniu WZK "
        "(27 czerwca 2024 r.). Członkowie WZK zgłaszają uwagi do poszczególnych założeń; "
        "zestawienie uwag wraz ze stanowiskiem Zespołu zostanie przekazane do ministerstwa.",
        opens_at=_at("2024-06-27T12:30"),
        closes_at=_at("2024-07-19T23:59"),
        status=Consultation.Status.OPEN,
        scheduled_reminder_sent_at=_at("2024-07-16T08:00"),
        addressee="Ministerstwo Rodziny, Pracy i Polityki Społecznej",
        is_demo=True,
    )
    consultation.bodies.add(wzk)
    provisions = [
        Provision.objects.create(consultation=consultation, position=n, label=label, text=text)
        for n, (label, text) in enumerate(SEED_PROVISIONS, start=1)
    ]
    created: list[Comment] = []
    for index, (name, provision, text, wording, why, response, answer) in enumerate(SEED_COMMENTS):
        author = _person(name) if name else None
        submitter = INVITED
        if author is not None:
            institution = author.institution.name if author.institution else ""
            submitter = f"{author.full_name} ({institution})" if institution else author.full_name
        comment = Comment.objects.create(
            consultation=consultation,
            provision=provisions[provision] if provision is not None else None,
            author=author,
            submitter=submitter,
            on_behalf=author is None,
            text=text,
            proposed_wording=wording,
            justification=why,
            response=response,
            response_text=answer,
        )
        submitted = _at("2024-07-01T09:00") + datetime.timedelta(days=2 * index, hours=index)
        Comment.objects.filter(pk=comment.pk).update(created_at=submitted, updated_at=submitted)
        created.append(comment)
    # The university's comment repeats the technical university's: merged.
    created[2].duplicate_of = created[1]
    created[2].save(update_fields=["duplicate_of"])


def _open_consultation(wzk: Body) -> None:
    now = timezone.localtime()
    opens = now.replace(hour=8, minute=0, second=0, microsecond=0) - datetime.timedelta(days=3)
    closes = (now + datetime.timedelta(days=14)).replace(
        hour=23, minute=59, second=0, microsecond=0
    )
    consultation = Consultation.objects.create(
        title=OPEN_TITLE,
        legal_acts="ustawa o samorządzie powiatowym\nustawa o instytucjach rynku pracy",
        description="Propozycje zmian przygotowane przez Biuro Koordynacji na podstawie uwag "
        "zgłoszonych w pierwszych prekonsultacjach.",
        opens_at=opens,
        closes_at=closes,
        status=Consultation.Status.OPEN,
        reminder_days=3,
        is_demo=True,
    )
    consultation.bodies.add(wzk)
    for n, (label, text) in enumerate(OPEN_PROVISIONS, start=1):
        Provision.objects.create(consultation=consultation, position=n, label=label, text=text)


def _voters(wzk: Body, day: datetime.date) -> list[Person]:
    memberships = (
        Membership.objects.filter(body=wzk, role__in=["chair", "vice_chair", "member"])
        .current(day)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    return [m.person for m in memberships]


def _poll(wzk: Body, meeting: Meeting) -> Poll:
    poll = Poll.objects.create(
        body=wzk,
        question=POLL_QUESTION,
        description="Biuro Koordynacji zaproponowało pięć kierunków wizyt studyjnych wraz "
        "z instytucjami, które warto odwiedzić. Każdy członek może wskazać kilka kierunków.",
        method=Poll.Method.APPROVAL,
        secret=False,
        allow_proposals=True,
        opens_at=_at("2024-06-20T08:00"),
        closes_at=_at("2024-06-28T15:00"),
        status=Poll.Status.OPEN,
        decision="Zespół ustalił, że zaproponowane kierunki wizyt studyjnych zostaną rozszerzone, "
        "w szczególności o Francję (polityka senioralna) i w zakresie edukacji pozaformalnej. "
        "Najwięcej głosów uzyskały Finlandia i Niemcy.",
        decision_meeting=meeting,
        meeting=meeting,  # the poll was run for this meeting and shows on its page
        is_demo=True,
    )
    options = [
        PollOption.objects.create(poll=poll, position=n, label=label, details=details)
        for n, (label, details, _who, _why) in enumerate(POLL_OPTIONS, start=1)
    ]
    label, details, proposer, justification = FRANCE
    france = PollOption.objects.create(
        poll=poll,
        position=len(options) + 1,
        label=label,
        details=details,
        proposed_by=_person(proposer),
        justification=justification,
    )
    PollOption.objects.filter(pk=france.pk).update(created_at=_at("2024-06-27T11:40"))
    options.append(france)
    germany, denmark, finland, netherlands, spain, _france = options
    # Deterministic, plausible approvals: Finland and Germany lead, France close behind.
    patterns = [
        [finland, germany],
        [finland, _france],
        [germany, netherlands],
        [finland, denmark, _france],
        [germany, finland],
        [spain, finland],
        [_france, germany],
    ]
    voters = _voters(wzk, datetime.date(2024, 6, 28))
    for index, person in enumerate(voters[:24]):
        Participation.objects.create(poll=poll, person=person)
        ballot = Ballot.objects.create(poll=poll, voter=person)
        for option in patterns[index % len(patterns)]:
            BallotChoice.objects.create(ballot=ballot, option=option)
    return poll


def _visits(wzk: Body, poll: Poll) -> int:
    created = 0
    if not StudyVisit.objects.filter(title="Wizyta studyjna w Finlandii").exists():
        visit = StudyVisit.objects.create(
            body=wzk,
            title="Wizyta studyjna w Finlandii",
            country="Finlandia",
            host_institutions="Opetushallitus (Fińska Krajowa Agencja ds. Edukacji), Helsinki\n"
            "Omnia – ośrodek kształcenia zawodowego i dorosłych, Espoo",
            themes="edukacja pozaformalna\nłączenie edukacji z rynkiem pracy\n"
            "uczenie się dorosłych",
            starts_on=datetime.date(2024, 10, 14),
            ends_on=datetime.date(2024, 10, 17),
            budget=Decimal("48600.00"),
            status=StudyVisit.Status.REPORTED,
            poll=poll,
            report="Uczestnicy poznali fiński system uznawania kompetencji zdobytych poza "
            "szkołą oraz współpracę ośrodków kształcenia z pracodawcami przy indywidualnych "
            "ścieżkach kształcenia dorosłych.",
            lessons="Indywidualny plan rozwoju kompetencji jest przygotowywany dla każdego "
            "dorosłego uczestnika kształcenia.\n\nPracodawcy współtworzą programy i oceniają "
            "umiejętności zdobyte w miejscu pracy.",
            is_demo=True,
        )
        visit.participants.set(_voters(wzk, datetime.date(2024, 10, 14))[:6])
        Recommendation.objects.create(
            visit=visit,
            text="Przygotować pilotaż indywidualnych planów rozwoju kompetencji dla dorosłych "
            "klientów PUP w dwóch powiatach.",
        )
        Recommendation.objects.create(
            visit=visit,
            text="Zaprosić pracodawców do współtworzenia programów kursów zawodowych "
            "finansowanych z KFS.",
        )
        created += 1
    if not StudyVisit.objects.filter(title="Wizyta studyjna we Francji").exists():
        visit = StudyVisit.objects.create(
            body=wzk,
            title="Wizyta studyjna we Francji",
            country="Francja",
            host_institutions="France Travail (publiczne służby zatrudnienia)\n"
            "uniwersytet trzeciego wieku (do ustalenia)",
            themes="polityka senioralna\nłączenie edukacji z rynkiem pracy",
            budget=Decimal("52000.00"),
            status=StudyVisit.Status.PROPOSED,
            poll=poll,
            is_demo=True,
        )
        visit.participants.set([_person("Halina Sawicka")])
        created += 1
    return created
