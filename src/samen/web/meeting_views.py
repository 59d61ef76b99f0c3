"""Pages of the meetings (art. 5): thin views over samen.web.meetings and samen.governance.services."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from samen.accounts import permissions
from samen.core.errors import ServiceError
from samen.governance import services
from samen.governance.models import Body, Meeting
from samen.web import meetings, queries
from samen.web.views import _as_of, _page


def _may_record(request: HttpRequest) -> bool:
    return permissions.allows(request.user, "record_meeting")


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    a = queries.agreement_for(request.user)
    as_of, _q, _bad = _as_of(request)
    context = {"agreement": a, "bodies": meetings.overview(a, as_of.year), "year": as_of.year, "may_record": _may_record(request)}
    return _page(request, "web/meetings.html", context, nav="meetings")


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = queries.agreement_for(request.user)
    m = meetings.meeting_for(a, pk)
    if m is None:
        raise Http404(_("Deze vergadering bestaat niet."))
    context = {"agreement": a, "meeting": m, "may_record": _may_record(request) and m.status == Meeting.Status.PLANNED}
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
    errors = meetings.error_summary(form) if form.is_bound else []
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
    errors = meetings.error_summary(form) if form.is_bound else []
    context = {"agreement": a, "meeting": m, "form": form, "errors": errors, "today": date.today()}
    return _page(request, "web/meeting_held.html", context, nav="meetings", status=400 if errors else 200)
