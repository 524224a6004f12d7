from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from backoffice.forms import OrganisationForm
from backoffice.selectors import organisation_get
from backoffice.services import organisation_update


@require_http_methods(["GET", "POST"])
@permission_required("backoffice.manage_organisation", raise_exception=True)
def organisation_edit(request: HttpRequest) -> HttpResponse:
    organisation = organisation_get()
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in OrganisationForm.Meta.fields}
        organisation_update(
            actor=request.user,
            data=data,
            logo=form.cleaned_data.get("logo_upload"),
            remove_logo=form.cleaned_data.get("remove_logo", False),
        )
        messages.success(request, _("The organisation's settings were saved."))
        return redirect("backoffice:organisation-edit")
    return render(
        request, "backoffice/organisation_form.html", {"form": form, "organisation": organisation}
    )


@require_http_methods(["GET"])
def organisation_logo(request: HttpRequest) -> HttpResponse:
    """The logo is in private storage like every upload; any signed-in person may see it."""
    from django.http import FileResponse, Http404

    organisation = organisation_get()
    if not organisation.logo:
        raise Http404
    try:
        return FileResponse(
            organisation.logo.open("rb"),
            content_type="image/png" if organisation.logo.name.endswith(".png") else "image/jpeg",
        )
    except FileNotFoundError:
        raise Http404 from None
