"""Pages: thin views that call queries and services; no business logic here."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samen.web import queries


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    agreement = queries.agreement_for(request.user)
    return render(request, "web/dashboard.html", {"agreement": agreement, "parties": queries.parties(agreement), "today": date.today()})


@login_required
def agreement(request: HttpRequest) -> HttpResponse:
    a = queries.agreement_for(request.user)
    return render(request, "web/agreement.html", {"agreement": a, "parties": queries.parties(a)})
