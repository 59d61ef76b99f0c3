"""Document pages: upload (from the meeting and proposal pages), the document's page with its versions, downloads.

`/documenten/<public_id>/` is the stable link: it always serves the latest version. A specific version is
`/documenten/<public_id>/versies/<n>/`; the document's page, listing every version and (for who may) taking a
new one, is `/documenten/<public_id>/versies/`. Thin: documents.services writes, documents.queries and
accounts.permissions decide what is shown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.core.errors import InvalidInput, NotAllowed, NotFound, ServiceError
from samen.disputes.models import Dispute
from samen.documents import queries, services
from samen.documents.forms import UploadForm, VersionForm
from samen.documents.models import Document, DocumentVersion
from samen.governance.models import AgendaItem, Meeting
from samen.proposals.models import PartyDecision, Proposal
from samen.web import queries as web_queries
from samen.web.forms import error_summary
from samen.web.views import _page

PREFIX = "doc"


def meeting_choices(meeting: Meeting) -> list[tuple[str, str]]:
    out = [(f"meeting:{meeting.pk}", _("De vergadering zelf"))]
    out += [
        (f"agenda_item:{i.pk}", _("Agendapunt %(n)s. %(title)s") % {"n": i.position, "title": i.title}) for i in meeting.agenda_items.all()
    ]
    return out


def proposal_choices(proposal: Proposal) -> list[tuple[str, str]]:
    out = [(f"proposal:{proposal.pk}", _("Het voorstel zelf"))]
    decisions = PartyDecision.objects.filter(proposal=proposal).select_related("party").order_by("party__position", "decided_on", "pk")
    out += [(f"party_decision:{d.pk}", decision_label(d)) for d in decisions]
    return out


def decision_label(d: PartyDecision) -> str:
    from samen.web.templatetags.samen import isodate

    return _("Besluit van %(party)s van %(day)s") % {"party": d.party.name, "day": isodate(d.decided_on)}


def dispute_choices(dispute: Dispute) -> list[tuple[str, str]]:
    return [(f"dispute:{dispute.pk}", _("Het geschil zelf"))]


Owner = Meeting | Proposal | Dispute


def target_for(value: str, owner: Owner) -> Any:
    """The thing an `attach_to` choice names, checked to be on the owner's page."""
    kind, _sep, pk = value.partition(":")
    if isinstance(owner, Dispute):
        return owner if kind == "dispute" and pk == str(owner.pk) else None
    if isinstance(owner, Meeting):
        if kind == "meeting" and pk == str(owner.pk):
            return owner
        return AgendaItem.objects.filter(meeting=owner, pk=pk).first() if kind == "agenda_item" and pk.isdigit() else None
    if kind == "proposal" and pk == str(owner.pk):
        return owner
    return PartyDecision.objects.filter(proposal=owner, pk=pk).first() if kind == "party_decision" and pk.isdigit() else None


def upload_form(owner: Owner, data: Any = None, files: Any = None) -> UploadForm:
    if isinstance(owner, Dispute):
        choices = dispute_choices(owner)
    else:
        choices = meeting_choices(owner) if isinstance(owner, Meeting) else proposal_choices(owner)
    return UploadForm(data, files, choices=choices, show_public=isinstance(owner, Meeting), prefix=PREFIX)


def owner_url(owner: Owner) -> str:
    if isinstance(owner, Dispute):
        return reverse("web:dispute", args=[owner.ref])
    if isinstance(owner, Meeting):
        return reverse("web:meeting", args=[owner.pk])
    return reverse("web:proposal", args=[owner.public_id])


def _upload(request: HttpRequest, owner: Owner, nav: str) -> HttpResponse:
    if not services.may_upload(request.user, owner):
        raise PermissionDenied
    a = owner.agreement
    form = upload_form(owner, request.POST, request.FILES)
    if form.is_valid():
        c = form.cleaned_data
        target = target_for(c["attach_to"], owner)
        if target is None:
            form.service_error(InvalidInput("document.target", _("Kies waar het stuk bij hoort."), field="attach_to"))
        else:
            try:
                services.add_document(
                    actor=request.user, target=target, title=c["title"], kind=c["kind"], public=c.get("public", False), file=c["file"]
                )
            except NotAllowed:
                raise PermissionDenied from None
            except NotFound:
                raise Http404(_("Dit geschil bestaat niet.")) from None
            except ServiceError as e:
                form.service_error(e)
            else:
                return redirect(owner_url(owner) + "#stukken")
    action = request.path
    context = {
        "agreement": a,
        "owner": owner,
        "owner_url": owner_url(owner),
        "form": form,
        "errors": error_summary(form, "document-form"),
        "action": action,
    }
    return _page(request, "documents/upload.html", context, nav=nav, status=400)


@login_required
@require_POST
def upload_to_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    a = web_queries.agreement_for(request.user)
    meeting = Meeting.objects.filter(agreement=a, pk=pk).select_related("agreement").first()
    if meeting is None:
        raise Http404(_("Deze vergadering bestaat niet."))
    return _upload(request, meeting, "meetings")


@login_required
@require_POST
def upload_to_proposal(request: HttpRequest, public_id: str) -> HttpResponse:
    a = web_queries.agreement_for(request.user)
    proposal = Proposal.objects.filter(agreement=a, public_id=public_id).select_related("agreement").first()
    if proposal is None:
        raise Http404(_("Dit voorstel bestaat niet."))
    return _upload(request, proposal, "proposals")


@login_required
@require_POST
def upload_to_dispute(request: HttpRequest, ref: str) -> HttpResponse:
    """A document of a dispute (art. 14 lid 2: the notice and its documents); a dispute the user may not see is a 404."""
    from samen.disputes.services import dispute_for

    a = web_queries.agreement_for(request.user)
    try:
        _notice, dispute = dispute_for(request.user, a, ref)
    except NotFound:
        raise Http404(_("Dit geschil bestaat niet.")) from None
    if dispute is None:
        raise Http404(_("Dit geschil bestaat niet."))
    return _upload(request, dispute, "disputes")


def _document(request: HttpRequest, public_id: Any) -> Document | None:
    d = (
        Document.objects.filter(public_id=public_id)
        .select_related(
            "agreement",
            "meeting",
            "agenda_item__meeting",
            "proposal",
            "party_decision__proposal",
            "party_decision__party",
            "dispute__notice",
        )
        .first()
    )
    return d


def download(request: HttpRequest, public_id: Any, number: int | None = None) -> HttpResponse:
    """The file of a version (the latest when `number` is None), as an attachment."""
    d = _document(request, public_id)
    if d is None:
        raise Http404(_("Dit stuk bestaat niet."))
    if not queries.may_view(request.user, d):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        raise Http404(_("Dit stuk bestaat niet."))
    v = queries.latest(d) if number is None else queries.version(d, number)
    if v is None:
        raise Http404(_("Deze versie bestaat niet."))
    return file_response(d, v)


def file_response(d: Document, v: DocumentVersion) -> FileResponse:
    """A version's file as an attachment: its detected content type, a safe file name, nosniff, not cached publicly
    unless published."""
    response = FileResponse(
        services.storage().open(v.storage_name, "rb"),
        as_attachment=True,
        filename=queries.download_name(d, v),
        content_type=v.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache" if not queries.is_published(d) else "public, no-cache"
    return response


@login_required
def document_page(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The document's page: what it belongs to, every version, and (for who may) a form for a new version."""
    d = _document(request, public_id)
    if d is None or not queries.may_view(request.user, d):
        raise Http404(_("Dit stuk bestaat niet."))
    may_upload = services.may_upload(request.user, d)
    form = VersionForm(prefix=PREFIX)
    status = 200
    if request.method == "POST":
        if not may_upload:
            raise PermissionDenied
        form = VersionForm(request.POST, request.FILES, prefix=PREFIX)
        if form.is_valid():
            try:
                services.add_version(actor=request.user, document=d, file=form.cleaned_data["file"])
            except NotAllowed:
                raise PermissionDenied from None
            except ServiceError as e:
                form.service_error(e)
            else:
                return redirect(reverse("web:document_versions", args=[d.public_id]))
        status = 400
    meeting = d.owning_meeting()
    proposal = d.owning_proposal()
    owner: Owner = d.dispute if d.dispute is not None else meeting if meeting is not None else proposal  # type: ignore[assignment]
    nav = "disputes" if d.dispute_id else "meetings" if meeting is not None else "proposals"
    versions = list(reversed(list(d.versions.all())))
    context = {
        "agreement": d.agreement,
        "document": d,
        "versions": versions,
        "latest": versions[0] if versions else None,
        "owner": owner,
        "owner_url": owner_url(owner),
        "published": queries.is_published(d),
        "decision_label": decision_label(d.party_decision) if d.party_decision_id else "",
        "form": form if may_upload else None,
        "errors": error_summary(form, "document-form") if form.is_bound else [],
    }
    return _page(request, "documents/document.html", context, nav=nav, status=status)
