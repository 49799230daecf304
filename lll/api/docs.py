"""The API's own documentation page: server-rendered from the OpenAPI schema, in the page's
language, accessible (the bundled Swagger UI, kept at /api/v1/swagger as an interactive console,
fails WCAG checks we cannot fix in third-party code)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lll.core.pagecache import public_page

from .api import MAX_OBSERVATIONS, api

PREFIX = "/api/v1/"

# Every parameter the API takes, explained; a test keeps this list complete.
PARAMETERS = {
    "code": _("Indicator code, e.g. al-participation-4-weeks."),
    "indicator": _("Indicator code, e.g. lm-unemployment-rate."),
    "unit": _("TERYT code of a unit: PL (Poland), 20 (a voivodeship), 2061 (a powiat)."),
    "level": _("Territorial level: country, voivodeship, powiat or gmina."),
    "parent": _("TERYT code of the parent unit: 20 gives the powiats of Podlaskie."),
    "period_from": _("First period, e.g. 2015 (periods compare as text: 2015, 2015/16, 2015-Q1)."),
    "period_to": _("Last period, e.g. 2023."),
    "theme": _("Theme, e.g. adult_learning, vet, higher_education, labour_market, zsu1."),
    "format": _("json (default) or csv."),
    "limit": _("How many rows a page has."),
    "offset": _("How many rows to skip (the next page: offset + limit)."),
    "priority": _("ZSU 2030 priority area, 1-6."),
    "powiat": _("TERYT code of a powiat, e.g. 2061: its activities and the whole region's."),
    "target": _("Target group, e.g. adults, 50plus, unemployed, neet."),
    "funding": _("Funding: kpo, fep, fp, kfs, own or other."),
    "institution": _("Number of the implementing institution."),
    "year": _("Year the activity runs in, e.g. 2025."),
    "activity_type": _("Type: training, kkz, guidance, study, event, partnership, project, other."),
    "q": _("Words of the title, the institution or a qualification code."),
}

# What each endpoint gives (the schema's summaries are English function names).
SUMMARIES = {
    "/api/v1/units": _("Territorial units: Poland, voivodeships, powiats and gminas"),
    "/api/v1/indicators": _("Indicators with their definitions, sources and caveats"),
    "/api/v1/indicators/{code}": _("One indicator"),
    "/api/v1/observations": _("Values of indicators by unit and period, as JSON or CSV"),
    "/api/v1/targets": _("Targets: the value to reach in a year, with the baseline and its source"),
    "/api/v1/catalog": _(
        "The open-data catalogue (DCAT-AP, JSON-LD): each published indicator as a dataset"
    ),
    "/api/v1/activities": _("Published lifelong-learning activities of the region's institutions"),
}

EXAMPLES = {
    "/api/v1/units": "/api/v1/units?parent=20",
    "/api/v1/indicators": "/api/v1/indicators?theme=adult_learning",
    "/api/v1/indicators/{code}": "/api/v1/indicators/al-participation-4-weeks",
    "/api/v1/observations": (
        "/api/v1/observations?indicator=al-participation-4-weeks&level=voivodeship"
        "&period_from=2015&format=csv"
    ),
    "/api/v1/targets": "/api/v1/targets?indicator=al-participation-12-months",
    "/api/v1/catalog": "/api/v1/catalog",
    "/api/v1/activities": "/api/v1/activities?activity_type=kkz&year=2025",
}


def _type(schema: dict[str, Any]) -> str:
    if "type" in schema:
        return str(schema["type"])
    kinds = [option.get("type") for option in schema.get("anyOf", [])]
    return " | ".join(str(kind) for kind in kinds if kind and kind != "null")


def endpoints() -> list[dict[str, Any]]:
    """The API's operations as the schema describes them, with our explanations."""
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": _type(parameter.get("schema", {})),
                    "default": parameter.get("schema", {}).get("default", ""),
                    "help": PARAMETERS.get(parameter["name"], ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": SUMMARIES.get(path, operation.get("summary", "")),
                    "tag": (operation.get("tags") or [""])[0],
                    "parameters": parameters,
                    "example": EXAMPLES.get(path, path),
                    "anchor": path.strip("/").replace("/", "-").replace("{", "").replace("}", ""),
                }
            )
    return found


@public_page
def api_docs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/api_docs.html",
        {"endpoints": endpoints(), "max_observations": MAX_OBSERVATIONS},
    )
