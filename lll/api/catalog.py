"""The open-data catalogue in DCAT-AP (JSON-LD), `/api/v1/catalog`, for the national open-data
portal's harvester: each published indicator is a dcat:Dataset with two distributions (the
API's JSON and CSV of its observations), the licence, the publisher, the temporal coverage (first
to last period) and the spatial coverage (Poland and the NUTS regions with data). It is computed
from the observations at each request, so it is up to date as soon as an import commits
(dct:modified is the last import batch that wrote the indicator's values)."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Min
from django.urls import reverse

from lll.indicators.access import visible_indicators
from lll.indicators.models import Indicator, Observation
from lll.territory.models import Level

LICENCE = "http://creativecommons.org/licenses/by/4.0/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/POL"
LANGUAGES = [
    "http://publications.europa.eu/resource/authority/language/POL",
    "http://publications.europa.eu/resource/authority/language/ENG",
]
FREQUENCY = {
    "year": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    "school_year": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    "quarter": "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
    "month": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}


def public_indicators() -> list[Indicator]:
    """What anyone may read: the same rule as the API's (published, inputs published too)."""
    return list(visible_indicators(AnonymousUser()).order_by("code"))


def _literal(value: str, datatype: str) -> dict[str, str]:
    return {"@value": value, "@type": datatype}


def _text(pl: str, en: str) -> list[dict[str, str]]:
    texts = [{"@value": pl, "@language": "pl"}]
    if en:
        texts.append({"@value": en, "@language": "en"})
    return texts


def catalog(base: str = "") -> dict[str, Any]:
    """The catalogue as a JSON-LD document; `base` is the site's address (settings by default)."""
    base = (base or settings.LLL_SITE_URL).rstrip("/")
    indicators = public_indicators()
    ids = [i.pk for i in indicators]
    coverage = {
        row["indicator"]: row
        for row in Observation.objects.filter(indicator__in=ids)
        .values("indicator")
        .annotate(first=Min("period"), last=Max("period"), modified=Max("batch__finished_at"))
    }
    regions: dict[int, set[str]] = {}
    for indicator_id, nuts in (
        Observation.objects.filter(indicator__in=ids, unit__level=Level.VOIVODESHIP)
        .exclude(unit__nuts_code="")
        .values_list("indicator", "unit__nuts_code")
        .distinct()
    ):
        regions.setdefault(indicator_id, set()).add(nuts)
    publisher = {
        "@id": f"{base}/#publisher",
        "@type": "foaf:Agent",
        "foaf:name": settings.LLL_OFFICE_NAME,
    }
    observations_url = base + reverse("api:observations")
    datasets = []
    for indicator in indicators:
        row = coverage.get(indicator.pk)
        dataset: dict[str, Any] = {
            "@id": f"{base}/api/v1/indicators/{indicator.code}",
            "@type": "dcat:Dataset",
            "dct:identifier": indicator.code,
            "dct:title": _text(indicator.name_pl, indicator.name_en),
            "dct:description": _text(
                indicator.definition_pl or indicator.name_pl,
                indicator.definition_en or indicator.name_en,
            ),
            "dct:publisher": {"@id": publisher["@id"]},
            "dct:license": {"@id": LICENCE},
            "dct:language": [{"@id": language} for language in LANGUAGES],
            "dcat:keyword": [{"@value": theme, "@language": "en"} for theme in indicator.themes],
            "dct:spatial": [{"@id": COUNTRY}]
            + [
                {"@id": f"http://data.europa.eu/nuts/code/{code}"}
                for code in sorted(regions.get(indicator.pk, ()))
            ],
            "dcat:landingPage": {
                "@id": base + reverse("indicators:indicator", args=[indicator.code])
            },
            "dcat:distribution": [
                _distribution(observations_url, indicator.code, "json", "application/json"),
                _distribution(observations_url, indicator.code, "csv", "text/csv"),
            ],
        }
        if frequency := FREQUENCY.get(indicator.periodicity):
            dataset["dct:accrualPeriodicity"] = {"@id": frequency}
        if row:
            dataset["dct:temporal"] = {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": _literal(row["first"][:4], "xsd:gYear"),
                "dcat:endDate": _literal(row["last"][:4], "xsd:gYear"),
            }
            if row["modified"]:
                dataset["dct:modified"] = _literal(
                    row["modified"].isoformat(timespec="seconds"), "xsd:dateTime"
                )
        datasets.append(dataset)
    return {
        "@context": CONTEXT,
        "@id": f"{base}/api/v1/catalog",
        "@type": "dcat:Catalog",
        "dct:title": _text(
            "Regionalny System LLL – wskaźniki monitoringu",
            "Regional LLL System – monitoring indicators",
        ),
        "dct:description": _text(
            "Wskaźniki monitoringu uczenia się przez całe życie w regionie.",
            "Indicators of lifelong learning monitoring in the region.",
        ),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE},
        "dct:language": [{"@id": language} for language in LANGUAGES],
        "foaf:homepage": {"@id": f"{base}/"},
        "dcat:dataset": datasets,
    }


def _distribution(url: str, code: str, fmt: str, media_type: str) -> dict[str, Any]:
    query = urlencode({"indicator": code, "format": fmt})
    return {
        "@id": f"{url}?{query}",
        "@type": "dcat:Distribution",
        "dcat:accessURL": {"@id": f"{url}?{query}"},
        "dcat:downloadURL": {"@id": f"{url}?{query}"},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        "dct:format": {
            "@id": f"http://publications.europa.eu/resource/authority/file-type/{fmt.upper()}"
        },
        "dct:license": {"@id": LICENCE},
        "dct:title": {"@value": f"{code} ({fmt.upper()})", "@language": "pl"},
    }
