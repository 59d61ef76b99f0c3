"""Pages of the meetings (art. 5): thin views over samen.web.meetings and samen.governance.services."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from samen.accounts import permissions
from samen.core.errors import InvalidInput, ServiceError
from samen.governance import services
from samen.governance.models import AgendaItem, Body, Meeting
from samen.web import meetings, pdf, queries
from samen.web.forms import error_summary
from samen.web.views import _as_of, _page


def _may_record(request: HttpRequest) -> bool:
    return permissions.allows(request.user, "record_meeting")


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    a = queries.agreement_for(request.user)
    as_of, _q, _bad = _as_of(request)
    context = {"agreement": a, "bodies": meetings.overview(a, as_of), "year": as_of.year, "may_record": _may_record(request)}
    return _page(request, "web/meetings.html", context, nav="meetings")


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = queries.agreement_for(request.user)
    m = meetings.meeting_for(a, pk)
    if m is None:
        raise Http404(_("Deze vergadering bestaat niet."))
    may = _may_record(request)
    context = {
        "agreement": a,
        "meeting": m,
        "may_record": may and m.status == Meeting.Status.PLANNED,
        "may_minutes": may and m.status == Meeting.Status.HELD and m.minutes_status != Meeting.MinutesStatus.ADOPTED,
        "may_adopt": may and m.minutes_status == Meeting.MinutesStatus.DRAFT,
    }
    return _page(request, "web/meeting.html", context, nav="meetings")


@login_required
def meeting_plan(request: HttpRequest) -> HttpResponse:
    if not _may_record(request):
        raise PermissionDenied
    a = queries.agreement_for(request.user)
    form = meetings.PlanForm(request.POST or None, agreement=a, initial={"body": "board"})
    if request.method == "POST" and form.is_valid():
        try:
            body = Body.objects.get(agreement=a, key=form.cleaned_data["body"])
            m = services.plan_meeting(
                actor=request.user,
                body=body,
                on=form.cleaned_data["date"],
                start_time=form.cleaned_data["start_time"],
                place=form.cleaned_data["place"],
                title=form.cleaned_data["title"],
                items=form.items(),
            )
            return redirect(reverse("web:meeting", args=[m.pk]))
        except ServiceError as e:
            form.service_error(e)
    errors = error_summary(form, "meeting-form") if form.is_bound else []
    return _page(
        request, "web/meeting_plan.html", {"agreement": a, "form": form, "errors": errors}, nav="meetings", status=400 if errors else 200
    )


@login_required
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_record(request):
        raise PermissionDenied
    a = queries.agreement_for(request.user)
    m = meetings.meeting_for(a, pk)
    if m is None or m.status != Meeting.Status.PLANNED:
        raise Http404(_("Deze vergadering bestaat niet of is al vastgelegd."))
    form = meetings.HeldForm(request.POST or None, meeting=m)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.record_held(
                    actor=request.user,
                    meeting=m,
                    attendance=form.attendance(),
                    decisions=form.decisions(),
                    held_on=form.cleaned_data["held_on"],
                )
            return redirect(reverse("web:meeting", args=[m.pk]))
        except ServiceError as e:
            m.refresh_from_db()
            form.service_error(e)
    errors = error_summary(form, "meeting-form") if form.is_bound else []
    context = {"agreement": a, "meeting": m, "form": form, "errors": errors, "today": date.today()}
    return _page(request, "web/meeting_held.html", context, nav="meetings", status=400 if errors else 200)


# --- change a planned meeting: details, agenda items (add, edit, move, remove), cancel ------------------------------


def _meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    if not _may_record(request):
        raise PermissionDenied
    m = meetings.meeting_for(queries.agreement_for(request.user), pk)
    if m is None:
        raise Http404(_("Deze vergadering bestaat niet."))
    return m


def _not_planned(request: HttpRequest, m: Meeting) -> HttpResponse | None:
    """The page that refuses a change to a meeting that is held or cancelled (409), or None while it is planned."""
    try:
        services.ensure_planned(m)
    except InvalidInput as e:
        context = {"agreement": m.agreement, "meeting": m, "message": e.message}
        return _page(request, "web/meeting_refused.html", context, nav="meetings", status=409)
    return None


def _item_or_404(m: Meeting, item_pk: int) -> AgendaItem:
    item = next((i for i in m.agenda_items.all() if i.pk == item_pk), None)
    if item is None:
        raise Http404(_("Dit agendapunt bestaat niet."))
    return item


def _edit_url(m: Meeting) -> str:
    return reverse("web:meeting_edit", args=[m.pk])


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    m = _meeting_or_404(request, pk)
    refused = _not_planned(request, m)
    if refused:
        return refused
    form = meetings.EditForm.for_meeting(request.POST or None, m)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(actor=request.user, meeting=m, changes=form.changes())
            return redirect(reverse("web:meeting", args=[m.pk]))
        except ServiceError as e:
            form.service_error(e)
    errors = error_summary(form, "meeting-form") if form.is_bound else []
    context = {"agreement": m.agreement, "meeting": m, "form": form, "errors": errors}
    return _page(request, "web/meeting_edit.html", context, nav="meetings", status=400 if errors else 200)


@login_required
def meeting_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    m = _meeting_or_404(request, pk)
    refused = _not_planned(request, m)
    if refused:
        return refused
    form = meetings.ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_agenda_item(actor=request.user, meeting=m, **form.fields_for_service())
            return redirect(_edit_url(m) + "#agenda")
        except ServiceError as e:
            form.service_error(e)
    errors = error_summary(form, "meeting-form") if form.is_bound else []
    context = {"agreement": m.agreement, "meeting": m, "form": form, "errors": errors, "item": None}
    return _page(request, "web/meeting_item.html", context, nav="meetings", status=400 if errors else 200)


@login_required
def meeting_item_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    m = _meeting_or_404(request, pk)
    refused = _not_planned(request, m)
    if refused:
        return refused
    it = _item_or_404(m, item)
    initial = {n: getattr(it, n) for n in ("title", "brought_by", "explanation", "proposal")}
    form = meetings.ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(actor=request.user, item=it, changes=form.fields_for_service())
            return redirect(_edit_url(m) + "#agenda")
        except ServiceError as e:
            form.service_error(e)
    errors = error_summary(form, "meeting-form") if form.is_bound else []
    context = {"agreement": m.agreement, "meeting": m, "form": form, "errors": errors, "item": it}
    return _page(request, "web/meeting_item.html", context, nav="meetings", status=400 if errors else 200)


@login_required
def meeting_item_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Move an agenda item one place up or down (a plain form post; works without JavaScript)."""
    m = _meeting_or_404(request, pk)
    if request.method != "POST":
        return redirect(_edit_url(m))
    refused = _not_planned(request, m)
    if refused:
        return refused
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest(_("Kies omhoog of omlaag."))
    services.move_agenda_item(actor=request.user, item=_item_or_404(m, item), direction=direction)
    return redirect(_edit_url(m) + f"#item-{item}")


@login_required
def meeting_item_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    m = _meeting_or_404(request, pk)
    if request.method != "POST":
        return redirect(_edit_url(m))
    refused = _not_planned(request, m)
    if refused:
        return refused
    services.remove_agenda_item(actor=request.user, item=_item_or_404(m, item))
    return redirect(_edit_url(m) + "#agenda")


@login_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to confirm, then cancel (afgelasten) a planned meeting."""
    m = _meeting_or_404(request, pk)
    refused = _not_planned(request, m)
    if refused:
        return refused
    if request.method == "POST":
        services.cancel_meeting(actor=request.user, meeting=m)
        return redirect(reverse("web:meeting", args=[m.pk]))
    return _page(request, "web/meeting_cancel.html", {"agreement": m.agreement, "meeting": m}, nav="meetings")


# --- minutes (notulen): draft after a held meeting, adopt at a later one ------------------------------------------


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    m = _meeting_or_404(request, pk)
    form = meetings.MinutesForm(request.POST or None, initial={"minutes": m.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_minutes(actor=request.user, meeting=m, text=form.cleaned_data["minutes"])
            return redirect(reverse("web:meeting", args=[m.pk]) + "#notulen")
        except ServiceError as e:
            form.service_error(e)
    errors = error_summary(form, "meeting-form") if form.is_bound else []
    if m.status != Meeting.Status.HELD or m.minutes_status == Meeting.MinutesStatus.ADOPTED:
        # Show why instead of a form that cannot succeed (the service refuses it all the same).
        message = (
            _("De notulen van deze vergadering zijn al vastgesteld en wijzigen niet meer.")
            if m.minutes_status == Meeting.MinutesStatus.ADOPTED
            else _("Notulen horen bij een gehouden vergadering; leg deze vergadering eerst vast als gehouden.")
        )
        return _page(
            request, "web/meeting_refused.html", {"agreement": m.agreement, "meeting": m, "message": message}, nav="meetings", status=409
        )
    context = {"agreement": m.agreement, "meeting": m, "form": form, "errors": errors}
    return _page(request, "web/meeting_minutes.html", context, nav="meetings", status=400 if errors else 200)


@login_required
def meeting_minutes_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    m = _meeting_or_404(request, pk)
    if m.minutes_status != Meeting.MinutesStatus.DRAFT:
        message = (
            _("De notulen van deze vergadering zijn al vastgesteld.")
            if m.minutes_status == Meeting.MinutesStatus.ADOPTED
            else _("Er zijn nog geen conceptnotulen van deze vergadering om vast te stellen.")
        )
        return _page(
            request, "web/meeting_refused.html", {"agreement": m.agreement, "meeting": m, "message": message}, nav="meetings", status=409
        )
    form = meetings.AdoptForm(request.POST or None, meeting=m)
    if request.method == "POST" and form.is_valid():
        try:
            at = form.candidates[form.cleaned_data["adopted_at"]]
            services.adopt_minutes(actor=request.user, meeting=m, at=at, text=form.cleaned_data["minutes"])
            return redirect(reverse("web:meeting", args=[m.pk]) + "#notulen")
        except ServiceError as e:
            form.service_error(e)
    errors = error_summary(form, "meeting-form") if form.is_bound else []
    context = {"agreement": m.agreement, "meeting": m, "form": form, "errors": errors}
    return _page(request, "web/meeting_adopt.html", context, nav="meetings", status=400 if errors else 200)


# --- the printable agenda and decision list (PDF, from the same includes as the meeting page) ------------------------


@login_required
def meeting_agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    m = meetings.meeting_for(queries.agreement_for(request.user), pk)
    if m is None:
        raise Http404(_("Deze vergadering bestaat niet."))
    return pdf.meeting_pdf(request, m, decisions=False)


@login_required
def meeting_decisions_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    m = meetings.meeting_for(queries.agreement_for(request.user), pk)
    if m is None or m.status != Meeting.Status.HELD:
        raise Http404(_("Deze vergadering bestaat niet of is (nog) niet gehouden."))
    return pdf.meeting_pdf(request, m, decisions=True)
