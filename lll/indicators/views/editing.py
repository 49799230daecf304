"""Editing the catalogue: an indicator and its targets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lll.core.access import AuthenticatedRequest, has_permission, requires

from ..access import get_indicator_for, get_target_for
from ..forms import IndicatorForm, TargetForm
from ..services.observations import recompute_derived


@requires("indicators.change_indicator")
def indicator_edit(request: AuthenticatedRequest, code: str | None = None) -> HttpResponse:
    indicator = get_indicator_for(request, code, to_change=True) if code else None
    if indicator is None and not has_permission(request.user, "indicators.add_indicator"):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if saved.is_derived:
            recompute_derived([saved.numerator, saved.denominator], None)
        messages.success(request, _("Indicator saved."))
        return redirect(saved)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


@requires("indicators.change_target")
def target_edit(request: AuthenticatedRequest, code: str, pk: int | None = None) -> HttpResponse:
    indicator = get_indicator_for(request, code, to_change=True)
    target = get_target_for(request, indicator, pk) if pk else None
    form = TargetForm(indicator, request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Target saved."))
        return redirect(f"{indicator.get_absolute_url()}#targets-heading")
    return render(
        request,
        "indicators/target_form.html",
        {"form": form, "indicator": indicator, "target": target},
    )
