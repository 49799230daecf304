"""Official documents for the office's EZD: each kind renders its PDF as PDF/A-2b (the app's
own PDF under `lll.core.documents.pdf.archival`) and a metadata file (JSON and XML: title, date,
author, JRWA class, case number). The case number and JRWA class belong to the case the document
is part of: the meeting (minutes), the opinion request (the letter to the school), the
consultation (comment table), the fate report; they are kept in `RegistryData`."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.consultations import access as consultations_access
from lll.consultations.models import Consultation
from lll.consultations.services import comments as consultation_comments
from lll.coordination import access as coordination_access
from lll.coordination import documents as minutes_documents
from lll.coordination.models import Minutes
from lll.core.access import has_permission
from lll.core.dates import long_date
from lll.core.documents import pdf
from lll.core.documents.metadata import DocumentMetadata
from lll.vet import access as vet_access
from lll.vet import documents as vet_documents
from lll.vet.models import FateReport, Opinion, OpinionRequest
from lll.vet.services.report import FateReport as FateReportData

from ..models import RegistryData, SignedFile


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise
    permission: str
    document_type: str
    fetch: Callable[[HttpRequest, int], Any]
    case: Callable[[Any], models.Model]  # the object whose case number and JRWA class apply
    title: Callable[[Any], str]
    date: Callable[[Any], datetime.date]
    author: Callable[[Any], str]
    render: Callable[[Any], bytes]
    slug: Callable[[Any], str]


def _name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else ""


# Minutes --------------------------------------------------------------------------------------


def _minutes(request: HttpRequest, pk: int) -> Minutes:
    minutes = coordination_access.get_minutes_for(request, pk)
    if minutes.status == Minutes.Status.DRAFT:
        raise Http404  # a draft is no official document
    return minutes


def _minutes_title(minutes: Minutes) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return minutes_documents.content(minutes).title


# The WRRP opinion as a letter to the school -----------------------------------------------------


def _opinion(request: HttpRequest, pk: int) -> OpinionRequest:
    item = vet_access.get_opinion_request_for(request, pk)
    if item.opinion == Opinion.PENDING or not item.decided_on:
        raise Http404  # no opinion yet, no letter
    return item


def _opinion_title(item: OpinionRequest) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Opinion of the WRRP on teaching %(occupation)s: %(school)s") % {
            "occupation": item.occupation.name,
            "school": item.school.name,
        }


def opinion_letter_pdf(item: OpinionRequest) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return pdf.render_pdf(
            "publicoffice/opinion_letter_pdf.html",
            {
                "item": item,
                "title": _opinion_title(item),
                "place": settings.LLL_OFFICE_PLACE,
                "dated": long_date(item.decided_on),
                # The sentence's full stop ends "14 marca 2029 r." (no second one).
                "valid_until": long_date(item.valid_until).removesuffix(".")
                if item.valid_until
                else "",
                "registry": registry_for(item),
            },
        )


# The comment table of a consultation ------------------------------------------------------------


def _consultation(request: HttpRequest, pk: int) -> Consultation:
    return consultations_access.get_consultation_for(request, pk)


def comment_table_pdf(consultation: Consultation) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return pdf.render_pdf(
            "publicoffice/comment_table_pdf.html",
            {
                "title": _("Comment table: %(title)s") % {"title": consultation.title},
                "consultation": consultation,
                "headers": consultation_comments.table_headers(),
                "rows": consultation_comments.table_rows(consultation),
            },
        )


# The fate report of a cohort (pk = the cohort year) ------------------------------------------


def _report(request: HttpRequest, cohort: int) -> FateReportData:
    data, _published = vet_access.get_fate_report_for(request, cohort)
    return data


def _report_case(data: FateReportData) -> FateReport:
    report, _created = FateReport.objects.get_or_create(cohort=data.cohort)
    return report


def _report_title(data: FateReportData) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The fate of education directions reviewed positively by the WRRP in %(year)d") % {
            "year": data.cohort
        }


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        Kind(
            "protokol",
            gettext_lazy("minutes"),
            coordination_access.MANAGE,
            "protokół",
            _minutes,
            lambda m: m.meeting,
            _minutes_title,
            lambda m: m.dated,
            lambda m: m.signatory_name or _name(m.created_by),
            minutes_documents.render_pdf,
            lambda m: minutes_documents.filename(m, "pdf").removesuffix(".pdf"),
        ),
        Kind(
            "opinia",
            gettext_lazy("WRRP opinion (letter to the school)"),
            vet_access.MANAGE,
            "pismo",
            _opinion,
            lambda o: o,
            _opinion_title,
            lambda o: o.decided_on,
            lambda o: settings.LLL_OFFICE_NAME,
            opinion_letter_pdf,
            lambda o: f"opinia-wrrp-{o.pk}-{slugify(o.occupation.name)[:40]}",
        ),
        Kind(
            "uwagi",
            gettext_lazy("comment table"),
            consultations_access.MANAGE,
            "zestawienie uwag",
            _consultation,
            lambda c: c,
            lambda c: _("Comment table: %(title)s") % {"title": c.title},
            lambda c: timezone.localtime(c.closes_at).date(),
            lambda c: _name(c.created_by) or settings.LLL_OFFICE_NAME,
            comment_table_pdf,
            lambda c: f"zestawienie-uwag-{c.pk}",
        ),
        Kind(
            "raport",
            gettext_lazy("fate report"),
            vet_access.MANAGE,
            "raport",
            _report,
            _report_case,
            _report_title,
            lambda r: timezone.localdate(),
            lambda r: settings.LLL_OFFICE_NAME,
            vet_documents.report_pdf,
            lambda r: f"raport-losy-{r.cohort}",
        ),
    ]
}


def kind_of(key: str) -> Kind:
    if key not in KINDS:
        raise Http404
    return KINDS[key]


def get_document_for(request: HttpRequest, key: str, pk: int) -> tuple[Kind, Any]:
    """The kind and the object of an official document; 403 without the kind's permission."""
    kind = kind_of(key)
    if not has_permission(request.user, kind.permission):
        raise PermissionDenied
    return kind, kind.fetch(request, pk)


def registry_for(obj: models.Model) -> RegistryData:
    """The case's registry data (unsaved and empty when none was entered)."""
    content_type = ContentType.objects.get_for_model(obj)
    found = RegistryData.objects.filter(content_type=content_type, object_id=obj.pk).first()
    return found or RegistryData(content_type=content_type, object_id=obj.pk)


def archival_pdf(kind: Kind, obj: Any) -> bytes:
    with pdf.archival():
        return kind.render(obj)


def metadata(kind: Kind, obj: Any, content: bytes) -> DocumentMetadata:
    registry = registry_for(kind.case(obj))
    return DocumentMetadata.for_file(
        content,
        title=kind.title(obj),
        date=kind.date(obj),
        author=kind.author(obj),
        creator=settings.LLL_OFFICE_NAME,
        jrwa_class=registry.jrwa_class,
        case_number=registry.case_number,
        document_type=kind.document_type,
        filename=f"{kind.slug(obj)}.pdf",
    )


def record(kind: Kind, obj: Any) -> models.Model:
    """The stored row a document is (minutes, opinion request, consultation, fate report)."""
    return obj if isinstance(obj, models.Model) else kind.case(obj)


def signed_files(kind: Kind, obj: Any) -> models.QuerySet[SignedFile]:
    row = record(kind, obj)
    content_type = ContentType.objects.get_for_model(row)
    return SignedFile.objects.filter(
        content_type=content_type, object_id=row.pk, document=kind.key
    ).select_related("uploaded_by")


@dataclass(frozen=True)
class Listed:
    kind: str
    pk: int
    title: str
    date: datetime.date | None


def may_hand_over(user: Any) -> bool:
    """The user keeps some kind of official document (the office's registry clerks)."""
    return any(has_permission(user, kind.permission) for kind in KINDS.values())


def documents_for(user: Any, limit: int = 50) -> list[Listed]:
    """The official documents this user may hand to the EZD, newest first, per kind."""
    found: list[Listed] = []
    if has_permission(user, coordination_access.MANAGE):
        for minutes in (
            Minutes.objects.filter(status=Minutes.Status.APPROVED)
            .select_related("meeting__body")
            .order_by("-dated")[:limit]
        ):
            found.append(Listed("protokol", minutes.pk, _minutes_title(minutes), minutes.dated))
    if has_permission(user, consultations_access.MANAGE):
        for consultation in Consultation.objects.order_by("-closes_at")[:limit]:
            found.append(
                Listed(
                    "uwagi",
                    consultation.pk,
                    _("Comment table: %(title)s") % {"title": consultation.title},
                    timezone.localtime(consultation.closes_at).date(),
                )
            )
    if has_permission(user, vet_access.MANAGE):
        decided = (
            OpinionRequest.objects.exclude(opinion=Opinion.PENDING)
            .exclude(decided_on=None)
            .select_related("school", "occupation")
            .order_by("-decided_on", "-pk")[:limit]
        )
        for item in decided:
            found.append(Listed("opinia", item.pk, _opinion_title(item), item.decided_on))
    return found
