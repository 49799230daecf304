"""The accessibility statement (deklaracja dostępności, v2.0 structure) and its yearly review:
the act requires a review by 31 March; from 1 March the administrators are reminded by e-mail
until someone records this year's review."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from lll.accounts.models import User
from lll.accounts.roles import ADMINISTRATOR

from ..models import AccessibilityStatement

REMINDER_FROM = (3, 1)  # 1 March: a month before the deadline
DEADLINE = (3, 31)


def statement() -> AccessibilityStatement:
    """The statement, created with the office's details the first time it is asked for."""
    existing = AccessibilityStatement.objects.order_by("pk").first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    return AccessibilityStatement.objects.create(
        entity=settings.LLL_OFFICE_NAME,
        service_name="Regionalny System LLL",
        service_url=settings.LLL_SITE_URL,
        published_on=today,
        updated_on=today,
        prepared_on=today,
        reviewed_on=today,
        compliance="partial",
        non_accessible=(
            "Niektóre dokumenty PDF i DOCX przesłane przez użytkowników mogą nie być dostępne.\n"
            "Mapy mają obok tabelę z tymi samymi danymi; sama mapa nie jest dostępna dla czytnika."
        ),
        exemptions="Pliki opublikowane przed 23 września 2018 r.",
        contact_person="Koordynator do spraw dostępności",
        contact_email="dostepnosc@wup.example",
        contact_phone="85 000 00 00",
        shortcuts="Na każdej stronie: Tab przechodzi do odnośnika „Przejdź do treści”.",
        architectural=(
            f"Siedziba urzędu: {settings.LLL_OFFICE_ADDRESS}. Wejście główne bez progów, winda, "
            "miejsce parkingowe dla osób z niepełnosprawnością, pętla indukcyjna w punkcie "
            "obsługi. Do budynku można wejść z psem asystującym. Tłumacz języka migowego po "
            "wcześniejszym zgłoszeniu."
        ),
    )


def review_due(item: AccessibilityStatement, today: datetime.date) -> bool:
    """This year's review is due: not reviewed since 1 January of `today`'s year."""
    return item.reviewed_on < datetime.date(today.year, 1, 1)


def administrators() -> list[User]:
    return list(
        User.objects.filter(Q(groups__name=ADMINISTRATOR) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def send_review_reminder(today: datetime.date | None = None, base_url: str = "") -> int:
    """E-mail the administrators that the statement's review is due by 31 March, once a year
    from 1 March while it is due; answers how many were sent (0 when not due or already sent)."""
    today = today or timezone.localdate()
    item = statement()
    if today < datetime.date(today.year, *REMINDER_FROM) or not review_due(item, today):
        return 0
    if item.reminder_sent_for == today.year:
        return 0
    recipients = [user.email for user in administrators()]
    if not recipients:
        return 0
    context = {
        "statement": item,
        "deadline": datetime.date(today.year, *DEADLINE),
        "late": today > datetime.date(today.year, *DEADLINE),
        "link": f"{base_url or settings.LLL_SITE_URL}/deklaracja-dostepnosci/",
    }
    subject = render_to_string("publicoffice/email/review_subject.txt", context).strip()
    body = render_to_string("publicoffice/email/review.txt", context)
    send_mail(subject, body, None, recipients)
    AccessibilityStatement.objects.filter(pk=item.pk).update(reminder_sent_for=today.year)
    return len(recipients)


def mark_reviewed(item: AccessibilityStatement, today: datetime.date | None = None) -> None:
    item.reviewed_on = today or timezone.localdate()
    item.save()
