from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.pages import form_page

from ..access import MANAGE, can_manage
from ..forms import StatementForm
from ..services import statement as services


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    item = services.statement()
    manage = can_manage(request.user)
    return render(
        request,
        "publicoffice/statement.html",
        {
            "statement": item,
            "can_manage": manage,
            "review_due": manage and services.review_due(item, timezone.localdate()),
        },
    )


@requires(MANAGE)
def statement_edit(request: AuthenticatedRequest) -> HttpResponse:
    item = services.statement()
    form = StatementForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The accessibility statement was saved."))
        return redirect("accessibility_statement")
    return form_page(
        request, form, _("Edit the accessibility statement"), "accessibility_statement"
    )


@require_POST
@requires(MANAGE)
def statement_reviewed(request: AuthenticatedRequest) -> HttpResponse:
    services.mark_reviewed(services.statement())
    messages.success(request, _("This year's review of the statement was recorded."))
    return redirect("accessibility_statement")
