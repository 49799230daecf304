"""Validation rules between indicators: the list with what the stored data breaks, the form."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lll.core.access import AuthenticatedRequest, requires
from lll.core.pages import form_page
from lll.territory.models import Unit

from ..forms import ValidationRuleForm
from ..models import ValidationRule
from ..services.rules import stored_violations

EDIT = "indicators.change_indicator"


@requires(EDIT)
def rule_list(request: AuthenticatedRequest) -> HttpResponse:
    rules = ValidationRule.objects.select_related("left", "right", "right_denominator")
    checked = [(rule, *stored_violations(rule, limit=20)) for rule in rules]
    units = {
        u.pk: u
        for u in Unit.objects.filter(
            pk__in={v.unit_id for _rule, _count, found in checked for v in found}
        ).defer("geometry")
    }
    return render(request, "indicators/rule_list.html", {"checked": checked, "units": units})


@requires(EDIT)
def rule_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    rule = get_object_or_404(ValidationRule, pk=pk) if pk else None
    form = ValidationRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Validation rule saved."))
        return redirect("indicators:rule_list")
    title = _("Edit the validation rule") if rule else _("New validation rule")
    return form_page(
        request,
        form,
        title,
        "indicators:rule_list",
        intro=_(
            "A value imported for one of the rule's indicators is checked against the stored "
            "values of the others for the same unit and period; a value that breaks the rule "
            "is rejected with its row, at the preview and at the commit. Examples: women "
            "unemployed at most all unemployed; a share at most the constant 100; a rate equal "
            "to its numerator / denominator × 100 within a tolerance of 0.05."
        ),
    )
