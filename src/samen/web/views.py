"""Pages: thin views that read the request, call queries, and render; no business logic here."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samen.records import answers
from samen.web import forms, labels, meetings, next_steps, queries
from samen.web.csrf_token import masked_token

DEFAULT_FACT = "dispute-notified"


def _as_of(request: HttpRequest) -> tuple[date, str, bool]:
    """The page's "as of" date, the query string that keeps it, and whether the given value was malformed."""
    raw = request.GET.get("as_of", "")
    day = queries.parse_as_of(raw)
    if day is None:
        return date.today(), "", bool(raw)
    return day, f"?as_of={day.isoformat()}", False


def _page(request: HttpRequest, template: str, context: dict[str, Any], *, nav: str = "", status: int = 200) -> HttpResponse:
    as_of, query, bad = _as_of(request)
    user = request.user
    base = {
        "as_of": as_of,
        "as_of_query": query,
        "as_of_bad": bad,
        "as_of_set": bool(query),
        "today": date.today(),
        "nav": nav,
        "role_label": labels.label(labels.ROLES, getattr(user, "role", "")),
    }
    return render(request, template, {**base, **context}, status=status)


class LoginView(auth_views.LoginView):
    """Log in, step one (the password); errors are listed in an error summary above the form.

    A user whose role needs two factors goes on to the code step (or, without a device, to
    enrolment); accounts.middleware refuses everything else until then.
    """

    template_name = "web/login.html"
    form_class = forms.LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        from samen.accounts import twofactor

        url = super().get_success_url()
        user = self.request.user
        if twofactor.needs_code(user) and not twofactor.is_verified(self.request):
            step = "web:login_code" if twofactor.is_enrolled(user) else "web:two_factor_setup"
            return reverse(step) + "?" + urlencode({"next": url})
        return url

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "demo_mode": settings.DEMO_MODE, "demo_secret": settings.DEMO_TOTP_SECRET}


# The dashboard's page as the bytes sent, by everything it is built from (see `dashboard`). Kept encoded: encoding
# the page (about 26 KB, with accents and euro signs) to UTF-8 was 8 % of a kept dashboard's instructions, and the
# token is put into the bytes. The prefix names the form, so pages kept as text by an older release (in the shared
# cache table) are never read as bytes.
_DASHBOARDS = answers.store("samen:dashboard-bytes:", 64)
# Stands for the request's CSRF token in a kept page: the same in every process (pages are shared), not guessable.
_CSRF_SLOT = "csrf-" + hashlib.sha256(f"samen-csrf-slot:{settings.SECRET_KEY}".encode()).hexdigest()[:32]
_CSRF_SLOT_BYTES = _CSRF_SLOT.encode()  # ASCII: the same characters in the page's UTF-8


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard. It is built from the recorded data only (the rules' answer, meetings, proposals, invoices: each
    written through a service that appends to the audit chain) and the viewer (their name and role, also written
    through services), so the whole page is kept per viewer, address, day and language under the chain's head
    (`records.answers.facts_version`) and built again after any write. Only the CSRF token differs per request: it
    is put in when the page is served."""
    version = answers.facts_version()
    agreement = queries.agreement_for(request.user, version=version)
    as_of, _query, _bad = _as_of(request)
    # The answer's own key (records.answers: definition, the audit head, day, language, scope), then what else the
    # page shows: the viewer (their own steps, name, role and menu), the address with its query string, and today.
    answer = answers.answer_key(
        agreement, as_of=as_of, settings=None, language=queries.rules_language(), actor=request.user, version=version
    )
    key = _DASHBOARDS.key(
        {
            "answer": answer,
            "user": request.user.pk,
            "path": request.get_full_path(),
            "language": translation.get_language(),
            "today": date.today().isoformat(),
        }
    )
    page = _DASHBOARDS.get_or_compute(key, lambda: _dashboard_page(request, agreement, as_of))
    return HttpResponse(page.replace(_CSRF_SLOT_BYTES, masked_token(request).encode()))


def _dashboard_page(request: HttpRequest, agreement: Any, as_of: date) -> bytes:
    content = mark_safe(_dashboard_content(request, agreement, as_of))
    context = {"agreement": agreement, "content": content, "csrf_token": _CSRF_SLOT}
    return _page(request, "web/dashboard.html", context, nav="dashboard").content


def _dashboard_content(request: HttpRequest, agreement: Any, as_of: date) -> str:
    with queries.shared_conclusions():  # the dashboard and the providers of "what needs doing" share one evaluation
        board = queries.dashboard(request.user, agreement, as_of)
        todo = next_steps.gather(request.user, agreement, as_of)
    # The board's year at a glance (counted where the meetings page counts it) and the rules' warning while the
    # planned meetings left cannot reach the minimum; its explanation lists the meetings counted.
    short = next(
        (f for f in board.findings if f["code"] == "art-5.board-meetings-short-of-minimum" and f.get("ref") == str(as_of.year)), None
    )
    context = {
        "agreement": agreement,
        "board": board,
        "meetings_glance": meetings.board_glance(agreement, as_of),
        "meetings_short": short,
        # What needs doing: every open next step with the link to its form (web.next_steps, one provider per area).
        "todo": todo,
    }
    return _page(request, "web/_dashboard_content.html", context).content.decode()


@login_required
def agreement(request: HttpRequest) -> HttpResponse:
    a = queries.agreement_for(request.user)
    as_of, _q, _bad = _as_of(request)
    return _page(request, "web/agreement.html", {"agreement": a, **queries.agreement_overview(request.user, a, as_of)}, nav="agreement")


@login_required
def agreement_text(request: HttpRequest) -> HttpResponse:
    a = queries.agreement_for(request.user)
    as_of, _q, _bad = _as_of(request)
    articles = queries.agreement_text(a, request.user, as_of)
    return _page(
        request,
        "web/agreement_text.html",
        {"agreement": a, "articles": articles, "imported": any(x["imported"] for x in articles), "as_of": as_of},
        nav="text",
    )


@login_required
def explanation(request: HttpRequest, item_id: str) -> HttpResponse:
    a = queries.agreement_for(request.user)
    as_of, _q, _bad = _as_of(request)
    found = queries.explanation(request.user, a, as_of, item_id)
    if found is None:
        raise Http404(_("Deze conclusie bestaat niet op deze peildatum, of u mag haar niet zien."))
    return _page(request, "web/explanation.html", {"agreement": a, **found})


@login_required
def whatif(request: HttpRequest) -> HttpResponse:
    """The what-if sandbox: hypothetical facts on top of the recorded ones, compared side by side. Saves nothing."""
    a = queries.agreement_for(request.user)
    d = queries.definition(a)
    as_of, _q, _bad = _as_of(request)
    kinds = dict(forms.fact_choices())
    kind = request.POST.get("soort") or request.GET.get("soort") or DEFAULT_FACT
    kind = kind if kind in kinds else DEFAULT_FACT
    action = request.POST.get("action", "compare") if request.method == "POST" else "show"
    fact_form = forms.fact_form(kind, d)
    comparison = None
    hypothesis_errors: list[str] = []
    if action in ("show", "choose"):
        sandbox = forms.SandboxForm(initial={"facts": request.POST.get("facts", "")}, definition=d)
    else:
        sandbox = forms.SandboxForm(request.POST, definition=d)
        if action == "add":
            fact_form = forms.fact_form(kind, d, request.POST)
        if sandbox.is_valid() and (action != "add" or fact_form.is_valid()):
            facts = [] if action == "clear" else list(sandbox.parsed)
            if action == "add":
                facts.append(fact_form.raw_fact)
                fact_form = forms.fact_form(kind, d)
            sandbox = forms.SandboxForm({"facts": forms.facts_json(facts)}, definition=d)
            sandbox.is_valid()
            if facts:
                try:
                    comparison = queries.compare(request.user, a, as_of, facts)
                except queries.HypothesisError as e:
                    hypothesis_errors = e.messages
    errors = _error_summary(fact_form, sandbox, hypothesis_errors)
    context = {
        "agreement": a,
        "kind": kind,
        "kind_label": labels.label(labels.FACTS, kind),
        "kinds": kinds.items(),
        "fact_form": fact_form,
        "sandbox": sandbox,
        "comparison": comparison,
        "errors": errors,
        "hypothesis_errors": hypothesis_errors,
        "action": action,
    }
    # htmx swaps only successful responses; without JavaScript a form with errors answers 400.
    status = 400 if errors and not request.headers.get("HX-Request") else 200
    return _page(request, "web/whatif.html", context, nav="whatif", status=status)


def _error_summary(fact_form: Any, sandbox: Any, extra: list[str]) -> list[tuple[str, str]]:
    """(anchor, message) for every error on the page, for the error summary."""
    out: list[tuple[str, str]] = []
    for form in (fact_form, sandbox):
        if not form.is_bound:
            continue
        for name, errs in form.errors.items():
            if name in form.fields:
                bf = form[name]
                target = (
                    f"{bf.auto_id}_0"
                    if name in form.fields and getattr(form.fields[name].widget, "allow_multiple_selected", False)
                    else bf.auto_id
                )
                out += [(target, f"{bf.label}: {e}") for e in errs]
            else:
                out += [("fact-form", str(e)) for e in errs]
    out += [("id_facts", m) for m in extra]
    return out
