from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import JSON_TYPE, PDF_TYPE, download
from lll.core.errors import UserError

from ..forms import RegistryForm, SignedFileForm
from ..services import ezd, signatures


@requires()
def official_document(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    """The document's page for the registry: case number and JRWA class, the PDF/A and its
    metadata file, and the signed copies uploaded back."""
    doc_kind, obj = ezd.get_document_for(request, kind, pk)
    registry = ezd.registry_for(doc_kind.case(obj))
    form = RegistryForm(request.POST or None, instance=registry, prefix="registry")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The case number and JRWA class were saved."))
        return redirect(request.path)
    return render(
        request,
        "publicoffice/official_document.html",
        {
            "kind": doc_kind,
            "obj": obj,
            "pk": pk,
            "title": doc_kind.title(obj),
            "form": form,
            "upload_form": SignedFileForm(),
            "signed": ezd.signed_files(doc_kind, obj),
        },
    )


@requires()
def official_pdf(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    doc_kind, obj = ezd.get_document_for(request, kind, pk)
    return download(ezd.archival_pdf(doc_kind, obj), f"{doc_kind.slug(obj)}.pdf", PDF_TYPE)


@requires()
def official_metadata(request: AuthenticatedRequest, kind: str, pk: int, fmt: str) -> HttpResponse:
    doc_kind, obj = ezd.get_document_for(request, kind, pk)
    if fmt not in ("json", "xml"):
        raise Http404
    meta = ezd.metadata(doc_kind, obj, ezd.archival_pdf(doc_kind, obj))
    name = f"{doc_kind.slug(obj)}.metadane.{fmt}"
    if fmt == "json":
        return download(meta.to_json(), name, JSON_TYPE)
    return download(meta.to_xml(), name, "application/xml")


@require_POST
@requires()
def signed_upload(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    doc_kind, obj = ezd.get_document_for(request, kind, pk)
    form = SignedFileForm(request.POST, request.FILES)
    back = reverse("publicoffice:official_document", args=[kind, pk])
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
        return redirect(back)
    upload = form.cleaned_data["file"]
    try:
        signed = signatures.store_signed(
            ezd.record(doc_kind, obj), doc_kind.key, upload.name, upload.read(), request.user
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The signed file was stored; signed by %(signer)s.") % {"signer": signed.signer},
        )
    return redirect(back)


@requires()
def official_documents(request: AuthenticatedRequest) -> HttpResponse:
    """The documents the user may hand to the EZD (minutes, comment tables, WRRP opinions)."""
    documents = ezd.documents_for(request.user)
    if not documents and not ezd.may_hand_over(request.user):
        raise PermissionDenied
    return render(request, "publicoffice/official_documents.html", {"documents": documents})
