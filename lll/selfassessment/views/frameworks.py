"""Frameworks: their pages, versions, rating scale, areas and criteria; files in and out."""

import functools
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest
from lll.core.downloads import JSON_TYPE, XLSX_TYPE, download
from lll.core.errors import UserError

from .. import access, frameworks, services
from ..forms import AreaForm, CriterionForm, FrameworkFileForm, FrameworkForm, LevelForm
from ..models import Area, Criterion, Framework, Level
from .common import form_page, manage_only, named
from .imports import two_step_import


@manage_only
def framework_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    framework = access.get_framework_for(request, pk)
    areas = framework.areas.prefetch_related("criteria__indicators")
    return render(
        request,
        "selfassessment/framework_detail.html",
        {
            "framework": framework,
            "areas": areas,
            "levels": framework.levels.all(),
            "used": framework.is_used,
            "later": services.editable_version(framework),
            "rounds": framework.rounds.all(),
        },
    )


class _UsedVersion(UserError):
    """An edit of a version a round uses: it stays as it is."""

    def __init__(self, framework: Framework) -> None:
        super().__init__(
            _(
                "Version %(version)d is used by a round, so it stays as it is; "
                "create a new version to edit the framework."
            )
            % {"version": framework.version}
        )
        self.framework = framework


def _editable(framework: Framework) -> None:
    if framework.is_used:
        raise _UsedVersion(framework)


def edits_unused_version(view: Any) -> Any:
    """An old edit link of a version a round uses leads to the framework's page, which offers
    a new version to edit, with a message instead of a bare "not found"."""

    @functools.wraps(view)
    def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except _UsedVersion as used:
            messages.warning(request, used.message)
            return redirect(used.framework)
        return response

    return wrapper


@manage_only
def framework_new(request: AuthenticatedRequest) -> HttpResponse:
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        framework = form.save()
        messages.success(request, _("The framework was created; add its scale and areas."))
        for value in range(1, 6):
            Level.objects.create(
                framework=framework, value=value, name_pl=str(value), descriptor_pl="—"
            )
        return redirect(framework)
    return form_page(request, form, _("New framework"), reverse("selfassessment:home"))


@manage_only
@edits_unused_version
def framework_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    framework = access.get_framework_for(request, pk)
    _editable(framework)
    form = FrameworkForm(request.POST or None, instance=framework)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The framework was saved."))
        return redirect(framework)
    return form_page(request, form, _("Edit the framework"), framework.get_absolute_url())


@manage_only
@require_POST
def framework_new_version(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    framework = access.get_framework_for(request, pk)
    copy = services.editable_version(framework) or services.new_version(framework)
    messages.success(
        request,
        _("Version %(new)s is ready to edit; rounds of version %(old)s keep their questions.")
        % {"new": copy.version, "old": framework.version},
    )
    return redirect(copy)


@manage_only
@edits_unused_version
def level_edit(
    request: AuthenticatedRequest, pk: int | None = None, framework_pk: int = 0
) -> HttpResponse:
    if pk is None:
        framework = access.get_framework_for(request, framework_pk)
        _editable(framework)
        level = services.next_level(framework)
    else:
        level = access.get_level_for(request, pk)
        _editable(level.framework)
    form = LevelForm(request.POST or None, instance=level)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The level was saved."))
        return redirect(f"{level.framework.get_absolute_url()}#scale-heading")
    if pk is None:
        title = _("New level %(value)s of the scale") % {"value": level.value}
    else:
        title = _("Level %(value)s of the scale") % {"value": level.value}
    return form_page(request, form, title, level.framework.get_absolute_url())


@manage_only
@require_POST
@edits_unused_version
def level_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    level = access.get_level_for(request, pk)
    _editable(level.framework)
    try:
        services.remove_level(level)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Level %(value)s was removed from the scale.") % {"value": level.value}
        )
    return redirect(f"{level.framework.get_absolute_url()}#scale-heading")


@manage_only
@edits_unused_version
def area_edit(
    request: AuthenticatedRequest, framework_pk: int, pk: int | None = None
) -> HttpResponse:
    framework = access.get_framework_for(request, framework_pk)
    _editable(framework)
    area = access.get_area_for(request, pk, framework) if pk else None
    if area is None:
        area = Area(framework=framework, position=framework.areas.count() + 1)
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The area was saved."))
        return redirect(f"{framework.get_absolute_url()}#area-{area.pk}")
    title = _("Edit the area") if pk else _("New area")
    return form_page(request, form, title, framework.get_absolute_url())


@manage_only
@require_POST
@edits_unused_version
def area_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    area = access.get_area_for(request, pk)
    framework = area.framework
    _editable(framework)
    area.delete()
    services.renumber_areas(framework)
    messages.success(request, _("The area and its criteria were removed."))
    return redirect(framework)


@manage_only
@edits_unused_version
def criterion_edit(
    request: AuthenticatedRequest, area_pk: int, pk: int | None = None
) -> HttpResponse:
    area = access.get_area_for(request, area_pk)
    _editable(area.framework)
    criterion = access.get_criterion_for(request, pk, area) if pk else None
    if criterion is None:
        criterion = Criterion(area=area, position=area.criteria.count() + 1)
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The criterion was saved."))
        return redirect(f"{area.framework.get_absolute_url()}#area-{area.pk}")
    title = _("Edit the criterion") if pk else _("New criterion")
    return form_page(request, form, f"{title} — {area}", area.framework.get_absolute_url())


@manage_only
@require_POST
@edits_unused_version
def criterion_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criterion = access.get_criterion_for(request, pk)
    area = criterion.area
    _editable(area.framework)
    criterion.delete()
    services.renumber_criteria(area)
    messages.success(request, _("The criterion was removed."))
    return redirect(area.framework)


@manage_only
def framework_export(request: AuthenticatedRequest, pk: int, ext: str) -> HttpResponse:
    framework = access.get_framework_for(request, pk)
    name = f"{slugify(framework.code)}-v{framework.version}"
    if ext == "json":
        return download(frameworks.to_json(framework), f"{name}.json", JSON_TYPE)
    if ext == "xlsx":
        return download(frameworks.to_xlsx(framework), f"{name}.xlsx", XLSX_TYPE)
    raise Http404


def _read_framework(name: str, content: bytes) -> dict[str, Any]:
    if name.lower().endswith(".xlsx"):
        return frameworks.read_xlsx(content)
    return frameworks.read_json(content)


def _store_framework(name: str, content: bytes) -> tuple[str, str]:
    framework, _created = frameworks.save(_read_framework(name, content))
    message = _("The framework %(name)s was imported as version %(version)s.") % {
        "name": framework.name,
        "version": framework.version,
    }
    return framework.get_absolute_url(), message


def _framework_preview(
    request: AuthenticatedRequest, name: str, data: dict[str, Any]
) -> HttpResponse:
    latest = Framework.objects.filter(code=data["code"]).order_by("-version").first()
    version = latest.version + 1 if latest else data["version"]
    return render(
        request,
        "selfassessment/import_preview.html",
        {
            "title": _("Import a framework: check before storing"),
            "facts": [
                (_("File"), name),
                (_("Framework name"), named(data["name_pl"], data.get("name_en", ""))),
                (_("Code"), data["code"]),
                (_("Will be stored as version"), version),
                (_("Levels of the scale"), len(data["levels"])),
                (_("Criteria"), sum(len(a["criteria"]) for a in data["areas"])),
            ],
            "headers": [_("Code"), _("Area"), _("Criteria")],
            "rows": [
                [a["code"], named(a["name_pl"], a.get("name_en", "")), len(a["criteria"])]
                for a in data["areas"]
            ],
            "back_url": reverse("selfassessment:framework_import"),
        },
    )


@manage_only
def framework_import(request: AuthenticatedRequest) -> HttpResponse:
    form = FrameworkFileForm(request.POST or None, request.FILES or None)
    response, problems = two_step_import(
        request,
        "framework",
        form,
        read=_read_framework,
        preview=lambda name, data: _framework_preview(request, name, data),
        store=_store_framework,
        back=reverse("selfassessment:framework_import"),
    )
    if response is not None:
        return response
    return form_page(
        request,
        form,
        _("Import a framework"),
        reverse("selfassessment:home"),
        problems=problems,
        multipart=True,
        intro=_(
            "A JSON or XLSX file as exported from a framework's page. An existing code is "
            "imported as its next version; nothing is stored if the file has a problem."
        ),
    )
