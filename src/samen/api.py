"""The JSON API at /api/v1 (django-ninja): thin, calling the same services and rules as pages and CLI.

It follows the NL API Design Rules: errors are RFC 9457 problem documents (`application/problem+json`)
carrying the stable code (e.g. `art-8.closed-membership`), every response carries `API-Version`, lists
are paginated (`page`, `pageSize`, `_links`), HTTPS is required outside demo mode, and every body and
error is in the OpenAPI document (see `samen.api_support`). Swagger UI is served from our own static files.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase
from ninja.pagination import paginate
from ninja.security import HttpBearer, django_auth

from samen import api_support
from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.api_support import LimitExceeded, PagePagination, RateLimited, problem_response, rate_limit
from samen.core.errors import InvalidInput, NotFound, ServiceError
from samen.parties import services as party_services
from samen.parties.models import Party
from samen.rules.facts import ScenarioError, bad_text, parse_json, parse_scenario
from samen.rules.scenario import evaluate


class BearerToken(HttpBearer):
    """`Authorization: Bearer samen_...`: a token made with `samen token create USER`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from samen.accounts.services import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SwaggerFromOurStatic(DocsBase):
    """Swagger UI from build/static (npm swagger-ui-dist), started by our own script: the CSP allows no CDN
    and no inline script."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        return render(request, "api/docs.html", {"api": api, "openapi_url": reverse("api:openapi-json")})


# Status codes an operation can answer beyond 400/401/403/404/413 (see api_support.document_problems).
EXTRA_ERRORS = {
    "/api/v1/agreements/{slug}/parties": {"post": [409]},
    "/api/v1/agreements/{slug}/facts": {"post": [409]},  # a fact that conflicts with what is recorded (Conflict)
    "/api/v1/evaluate": {"post": [401, 429]},  # open, but a bearer token that is not valid is 401
    "/api/v1/agreements/{slug}/ori": {"get": [429]},
}


class SamenAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["ScenarioFact"] = api_support.fact_schema(with_note=False)
        schemas["FactIn"] = api_support.fact_schema(with_note=True)
        schemas["Scenario"] = api_support.scenario_schema()
        return api_support.document_problems(schema, errors=EXTRA_ERRORS)


api = SamenAPI(
    title="samen API",
    version=api_support.API_VERSION,
    description=(
        "De regels, partijen en feiten van een samenwerkingsovereenkomst. Volgt de NL API Design Rules: "
        "fouten als `application/problem+json`, de header `API-Version` op elk antwoord, lijsten in pagina's "
        "(`page`, `pageSize`, `_links`), buiten de demomodus alleen over HTTPS. Grenzen: een body is ten hoogste "
        "2,5 MB; `POST /evaluate` zonder inloggen ten hoogste 1.000 feiten per scenario en een beperkt aantal "
        "verzoeken per minuut per adres, met een token ten hoogste 20.000 feiten (413 en 429 noemen de grens)."
    ),
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
    docs=SwaggerFromOurStatic(),
)


def problem(status: int, doc: dict[str, Any]) -> HttpResponse:
    """An application/problem+json response."""
    return problem_response(status, doc)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return problem(exc.http_status, exc.problem())


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return problem_response(exc.http_status, exc.problem(), {"Retry-After": str(exc.retry_after)})


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(404, {"type": "https://samen.example/problems/api.not-found", "title": "Niet gevonden", "code": "api.not-found"})


@api.exception_handler(ScenarioError)
def _scenario_error(request: HttpRequest, exc: ScenarioError) -> HttpResponse:
    return problem(400, scenario_problem(exc))


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    params = [{"name": ".".join(str(p) for p in e.get("loc", [])[1:]) or "body", "reason": e.get("msg", "")} for e in exc.errors]
    return problem(
        400,
        {
            "type": "https://samen.example/problems/invalid-input",
            "title": "Ongeldige invoer",
            "code": "request.invalid",
            "invalidParams": params,
        },
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        401,
        {
            "type": "https://samen.example/problems/unauthenticated",
            "title": "Niet ingelogd",
            "detail": "Geef een bearer token (Authorization: Bearer samen_...) of log in.",
            "code": "auth.required",
        },
        {"WWW-Authenticate": 'Bearer realm="samen"'},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {403: "auth.forbidden", 429: "api.rate-limited"}.get(exc.status_code, "http.error")
    return problem(exc.status_code, {"type": f"https://samen.example/problems/{code}", "title": str(exc), "code": code})


def scenario_problem(exc: ScenarioError) -> dict[str, Any]:
    """A scenario's validation errors: the same problem document `samen evaluate --json` prints."""
    return exc.to_problem()


def _agreement(request: HttpRequest, slug: str) -> Agreement:
    found = Agreement.objects.filter(slug=slug).first()
    user: Any = request.user
    if found is None or (user.agreement_id and user.agreement_id != found.pk):
        raise NotFound("agreement.unknown", f"Geen overeenkomst {slug!r}.", field="slug")
    permissions.require(user, "view_agreement")
    return found


class PartyOut(Schema):
    code: str
    name: str
    kind: str


class PartyIn(Schema):
    code: str
    name: str = ""


class AgreementOut(Schema):
    slug: str
    citation_title: str
    start: date
    term_years: int
    host_code: str


def _json_body(ref: str) -> dict[str, Any]:
    """An OpenAPI request body read by the rules' own parser (declared here, read from request.body)."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}}


@api.get("/agreements", response=list[AgreementOut], summary="Overeenkomsten", by_alias=True)
@paginate(PagePagination)
def list_agreements(request: HttpRequest) -> Any:
    user: Any = request.user
    qs = Agreement.objects.order_by("slug")
    return qs.filter(pk=user.agreement_id) if user.agreement_id else qs


@api.get("/agreements/{slug}/parties", response=list[PartyOut], summary="Partijen (art. 1 sub a)", by_alias=True)
@paginate(PagePagination)
def list_parties(request: HttpRequest, slug: str) -> Any:
    return Party.objects.filter(agreement=_agreement(request, slug)).order_by("position", "code")


@api.post("/agreements/{slug}/parties", response={201: PartyOut}, summary="Partij toevoegen (art. 8: alleen genoemde partijen)")
def add_party(request: HttpRequest, slug: str, payload: PartyIn) -> Any:
    party = party_services.add_party(actor=request.user, agreement=_agreement(request, slug), code=payload.code, name=payload.name)
    return 201, party


class FactOut(Schema):
    id: UUID  # the fact's opaque public id (never the sequential key: its gaps would count hidden facts)
    kind: str
    fact: dict[str, Any]
    note: str  # "" unless the user may read notes (the host's staff)
    example_figure: bool


def _fact_out(request: HttpRequest, record: Any) -> dict[str, Any]:
    from samen.records.queries import fact_view

    return fact_view(request.user, record)


@api.get("/agreements/{slug}/facts", response=list[FactOut], summary="Vastgelegde feiten (scenario-formaat)", by_alias=True)
@paginate(PagePagination)
def list_facts(request: HttpRequest, slug: str) -> Any:
    """The recorded facts the user may see (records.queries.visible_records): disputes only for their parties, the
    chair and the secretariat; another party's money not for a representative, no money for the observer."""
    from samen.records.models import RecordedFact
    from samen.records.queries import visible_records

    records = RecordedFact.objects.filter(agreement=_agreement(request, slug))
    return [_fact_out(request, f) for f in visible_records(request.user, records)]


@api.post(
    "/agreements/{slug}/facts",
    response={201: FactOut},
    summary="Een feit vastleggen (gevalideerd door de regels)",
    openapi_extra=_json_body("FactIn"),
)
def record_fact(request: HttpRequest, slug: str) -> Any:
    """Record one fact in the scenario format; bad input answers problem+json naming the field."""
    from samen.records.services import record_fact as record

    agreement = _agreement(request, slug)
    try:
        doc = parse_json(request.body or b"null", field="body")
    except ScenarioError as e:
        raise InvalidInput(e.errors[0].code, f"De body {e.errors[0].message}", field="body") from None
    if not isinstance(doc, dict):
        raise InvalidInput("fact.not-object", "Een feit is een JSON-object zoals in het scenario-formaat.", field="body")
    note = doc.pop("note", "")
    return 201, _fact_out(request, record(actor=request.user, agreement=agreement, raw=doc, note=note))


@api.get("/agreements/{slug}/check", summary="Bevindingen en termijnen over de vastgelegde feiten")
def check(request: HttpRequest, slug: str, as_of: date | None = None) -> Any:
    """The rules' answer over the recorded facts, as the user may see it (as on the pages): disputes only for
    their parties, the chair and the secretariat; a representative sees only their own party's amounts,
    the observer none. Every deadline carries its `status` (open, met, late, overdue, passed) and `met_on`."""
    from samen.records.queries import evaluate_recorded, visible_to

    user: Any = request.user
    answer = evaluate_recorded(_agreement(request, slug), as_of=as_of or date.today(), actor=user).to_json()
    return visible_to(user, answer)


@api.post("/evaluate", auth=None, summary="Een scenario evalueren (het regels-API-contract)", openapi_extra=_json_body("Scenario"))
def evaluate_scenario(request: HttpRequest) -> Any:
    """Same input and answer as `samen evaluate FILE --json` (scenario-format.md). No login needed; without one
    at most 1,000 facts per scenario and a limited number of requests per minute per address, with a bearer
    token (or a session) at most 20,000 facts. 413 and 429 name the limit."""
    user = _caller(request)
    limit = settings.SAMEN_API_ANON_RATE if user is None else settings.SAMEN_API_USER_RATE
    rate_limit(request, "evaluate", limit=limit, window=settings.SAMEN_API_RATE_WINDOW, user=user)
    doc = parse_json(request.body or b"null", field="body")  # depth-checked: ScenarioError -> 400
    if not isinstance(doc, dict):
        raise InvalidInput("scenario.not-object", "Een scenario is een JSON-object.", field="body")
    _check_fact_count(doc.get("facts"), signed_in=user is not None)
    definitions = {slug: registry.definition(slug) for slug in registry.available()}
    scenario = parse_scenario(doc, definitions, today=date.today(), default=settings.SAMEN_DEFAULT_AGREEMENT)
    return evaluate(scenario.agreement, scenario.facts, scenario.as_of, scenario.settings, language=scenario.language).to_json()


def _caller(request: HttpRequest) -> Any:
    """The user behind a request to an open operation: a valid bearer token, or a session that passes CSRF
    (so another site cannot borrow a logged-in browser's higher limits). None for anyone else."""
    from ninja.utils import check_csrf

    from samen.accounts.services import user_for_token

    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
        if user is None:
            raise AuthenticationError()
        request.user = user
        return user
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and check_csrf(request) is None:
        return user
    return None


def _check_fact_count(facts: Any, *, signed_in: bool) -> None:
    limit = settings.SAMEN_API_MAX_FACTS_USER if signed_in else settings.SAMEN_API_MAX_FACTS_ANON
    if isinstance(facts, list) and len(facts) > limit:
        who = "met inloggen" if signed_in else "zonder inloggen"
        raise LimitExceeded(
            "api.too-many-facts",
            f"Een scenario heeft {who} ten hoogste {limit:,} feiten; dit heeft er {len(facts):,}.".replace(",", "."),
            limit=limit,
            field="facts",
        )


# --- meetings (art. 5): planned and held meetings of the bodies, with their agenda ------------------------------


class AgendaItemOut(Schema):
    position: int
    title: str
    explanation: str
    proposal: str
    brought_by: str
    decision: str
    outcome: str  # "" until the meeting is held; then adopted, rejected, postponed or noted


class AttendanceOut(Schema):
    code: str  # the party's or participant's code
    status: str  # present, absent or represented
    represented_by: str


class MeetingOut(Schema):
    id: int
    body: str  # the body's key (board, core-group, ...)
    status: str  # planned or held
    date: date
    start_time: str | None  # "HH:MM", or null when not known
    place: str
    title: str
    public: bool  # openbaar: published (ORI export) when true
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]


class AgendaItemIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    explanation: str = Field(default="", max_length=20000)
    proposal: str = Field(default="", max_length=20000)
    brought_by: str = Field(default="", max_length=200)


class MeetingIn(Schema):
    body: str = Field(max_length=32)  # the body's key
    date: date
    start_time: time | None = None
    place: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=200)
    public: bool = False
    agenda: list[AgendaItemIn] = Field(default=[], max_length=50)


def _meeting_out(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "body": m.body.key,
        "status": m.status,
        "date": m.held_on,
        "start_time": m.start_time.strftime("%H:%M") if m.start_time else None,
        "place": m.place,
        "title": m.title,
        "public": m.public,
        "agenda": [
            {
                "position": i.position,
                "title": i.title,
                "explanation": i.explanation,
                "proposal": i.proposal,
                "brought_by": i.brought_by,
                "decision": i.decision,
                "outcome": i.outcome,
            }
            for i in m.agenda_items.all()
        ],
        "attendance": [
            {"code": (a.party or a.participant).code, "status": a.status, "represented_by": a.represented_by} for a in m.attendances.all()
        ],
    }


@api.get("/agreements/{slug}/meetings", response=list[MeetingOut], summary="Vergaderingen van de organen (art. 5)", by_alias=True)
@paginate(PagePagination)
def list_meetings(request: HttpRequest, slug: str) -> Any:
    """Planned and held meetings of every body, by date, each with its agenda (decisions once held) and attendance."""
    from samen.governance.models import Meeting

    qs = (
        Meeting.objects.filter(agreement=_agreement(request, slug))
        .select_related("body")
        .prefetch_related("agenda_items", "attendances__party", "attendances__participant")
        .order_by("held_on", "pk")
    )
    return [_meeting_out(m) for m in qs]


@api.post("/agreements/{slug}/meetings", response={201: MeetingOut}, summary="Een vergadering plannen met agenda (art. 5)")
def plan_meeting(request: HttpRequest, slug: str, payload: MeetingIn) -> Any:
    """Plan a meeting of a body (secretariat and chair); bad input answers problem+json naming the field."""
    from samen.governance import services as governance
    from samen.governance.models import Body

    agreement = _agreement(request, slug)
    permissions.require(request.user, "record_meeting")
    body = None if bad_text(payload.body) else Body.objects.filter(agreement=agreement, key=payload.body).first()
    if body is None:
        raise InvalidInput("meeting.body-unknown", f"Geen orgaan {payload.body!r} in deze overeenkomst.", field="body")
    meeting = governance.plan_meeting(
        actor=request.user,
        body=body,
        on=payload.date,
        start_time=payload.start_time,
        place=payload.place,
        title=payload.title,
        items=[i.dict() for i in payload.agenda],
        public=payload.public,
    )
    return 201, _meeting_out(meeting)


# --- Open data: public meetings in the Open Raadsinformatie JSON-LD shape (samen.publication.ori) ---------------

ORI_RESPONSE = {
    "responses": {
        200: {
            "description": "De openbare vergaderingen, hun agenda's en besluiten en de organen, als JSON-LD (Open Raadsinformatie)",
            "content": {
                "application/ld+json": {
                    "schema": {
                        "type": "object",
                        "required": ["@context", "@graph"],
                        "properties": {"@context": {"type": "object"}, "@graph": {"type": "array", "items": {"type": "object"}}},
                    }
                }
            },
        }
    }
}


@api.get(
    "/agreements/{slug}/ori",
    auth=None,
    url_name="agreement_ori",
    summary="Openbare vergaderingen als Open Raadsinformatie (JSON-LD)",
    openapi_extra=ORI_RESPONSE,
)
def agreement_ori(request: HttpRequest, slug: str) -> HttpResponse:
    """Open data, no login: only the meetings marked public (openbaar), with their agenda items, decisions and
    the parties present, and the cooperation's bodies and parties, in the vocabulary Open Raadsinformatie uses
    (schema.org, https://argu.co/ns/meeting/, Popolo opengov, W3C org). The same document as
    `samen export ori`; every `@id` is a stable address under SAMEN_BASE_URL."""
    from samen.publication import ori

    agreement = None if bad_text(slug) else Agreement.objects.filter(slug=slug).first()
    if agreement is None:
        raise NotFound("agreement.unknown", f"Geen overeenkomst {slug!r}.", field="slug")
    rate_limit(request, "ori", limit=settings.SAMEN_API_ANON_RATE, window=settings.SAMEN_API_RATE_WINDOW)
    return HttpResponse(ori.dumps(ori.export(agreement, request=request)), content_type=ori.MEDIA_TYPE)


# --- Proposals and the parties' decisions (issue 8; samen.proposals) ---------------------------------


class DecisionOut(Schema):
    party: str
    decided_on: date
    outcome: str  # consent | refuse
    document: str


class TextChange(Schema):
    ref: str = Field(max_length=32)  # "art. 5 lid 4", "art. 6", "art. 1 sub g"
    text: str = Field(min_length=1, max_length=20000)


class ProposalOut(Schema):
    id: UUID  # the proposal's public id
    ref: str
    subject: str
    explanation: str
    kind: str  # amendment | extension | budget | other
    proposed_by: str | None
    proposed_on: date
    parameters: dict[str, Any] | None
    end_date: date | None
    effective_date: date | None
    text_changes: list[TextChange] | None  # new wording per article or lid (art. 12), null when the text stays
    budget_year: int | None  # a budget proposal's year (art. 6); null for other kinds
    # The rules' state: art. 12 (pending, adopted, rejected) for an amendment or extension; art. 6 with art. 5 lid 3
    # (the budget of the year: pending, consented, adopted, ...) for a budget proposal; None for kinds no rule decides.
    state: str | None
    decisions: list[DecisionOut]


class ProposalIn(Schema):
    ref: str
    subject: str
    kind: str
    proposed_on: date
    explanation: str = ""
    proposed_by: str | None = None
    parameters: dict[str, Any] | None = None
    end_date: date | None = None
    effective_date: date | None = None
    text_changes: list[TextChange] | None = Field(default=None, max_length=20)
    budget_year: int | None = None  # required for kind budget (art. 6), refused for other kinds


class DecisionIn(Schema):
    party: str
    decided_on: date
    outcome: str
    document: str = ""


class DecisionsIn(Schema):
    decisions: list[DecisionIn]


def _proposal_out(proposal: Any, answer: dict[str, Any]) -> dict[str, Any]:
    from samen.proposals import queries as proposal_queries

    procedure = proposal_queries.procedure(answer, proposal)
    return {
        "id": proposal.public_id,
        "ref": proposal.ref,
        "subject": proposal.subject,
        "explanation": proposal.explanation,
        "kind": proposal.kind,
        "proposed_by": proposal.proposed_by.code if proposal.proposed_by else None,
        "proposed_on": proposal.proposed_on,
        "parameters": proposal.parameters,
        "end_date": proposal.end_date,
        "effective_date": proposal.effective_date,
        "text_changes": proposal.text_changes,
        "budget_year": proposal.budget_year,
        "state": procedure["state"] if procedure else None,
        "decisions": [
            {"party": d.party.code, "decided_on": d.decided_on, "outcome": d.outcome, "document": d.document}
            for d in proposal.decisions.select_related("party").order_by("decided_on", "party__position", "pk")
        ],
    }


def _answer(request: HttpRequest, agreement: Agreement) -> dict[str, Any]:
    from samen.records.queries import evaluate_recorded, visible_to

    user: Any = request.user
    return visible_to(user, evaluate_recorded(agreement, as_of=date.today(), actor=user).to_json())


@api.get("/agreements/{slug}/proposals", response=list[ProposalOut], summary="Voorstellen aan de partijen (art. 12, art. 6)", by_alias=True)
@paginate(PagePagination)
def list_proposals(request: HttpRequest, slug: str) -> Any:
    """Proposals, newest first, each with the parties' decisions and the rules' state today (art. 12 lid 2: unanimity)."""
    from samen.proposals.models import Proposal

    agreement = _agreement(request, slug)
    answer = _answer(request, agreement)
    proposals = Proposal.objects.filter(agreement=agreement).select_related("proposed_by").order_by("-proposed_on", "-pk")
    return [_proposal_out(p, answer) for p in proposals]


@api.post("/agreements/{slug}/proposals", response={201: ProposalOut}, summary="Voorstel vastleggen (secretariaat)")
def create_proposal(request: HttpRequest, slug: str, payload: ProposalIn) -> Any:
    """Put a proposal to the parties. An amendment or extension is checked as the rules read it (art. 12 lid 1)."""
    from samen.proposals import services as proposal_services

    agreement = _agreement(request, slug)
    proposal = proposal_services.create_proposal(actor=request.user, agreement=agreement, **payload.dict())
    return 201, _proposal_out(proposal, _answer(request, agreement))


@api.post("/agreements/{slug}/proposals/{proposal_id}/decisions", response={201: ProposalOut}, summary="Besluiten van partijen vastleggen")
def record_decisions(request: HttpRequest, slug: str, proposal_id: UUID, payload: DecisionsIn) -> Any:
    """Record one or more parties' decisions at once (all or none); a party's latest decision counts (art. 12 lid 2)."""
    from samen.proposals import services as proposal_services
    from samen.proposals.models import Proposal

    agreement = _agreement(request, slug)
    proposal = Proposal.objects.filter(agreement=agreement, public_id=proposal_id).first()
    if proposal is None:
        raise NotFound("proposal.unknown", "Dit voorstel bestaat niet.", field="proposal_id")
    proposal_services.record_decisions(actor=request.user, proposal=proposal, rows=[d.dict() for d in payload.decisions])
    return 201, _proposal_out(proposal, _answer(request, agreement))


# --- Bodies and members (art. 1 sub e-h, art. 5) ------------------------------------------------------


class MemberOut(Schema):
    person: str
    role: str
    party: str | None = None
    participant: str | None = None
    start: date
    until: date | None = None


class BodyOut(Schema):
    key: str
    name: str
    short_name: str
    kind: str
    members: list[MemberOut]


def _member_out(m: Any) -> dict[str, Any]:
    p = m.person
    return {
        "person": p.name,
        "role": m.role,
        "party": p.party.code if p.party else None,
        "participant": p.participant.code if p.participant else None,
        "start": m.start,
        "until": m.until,
    }


@api.get(
    "/agreements/{slug}/bodies", response=list[BodyOut], summary="Organen met hun huidige leden (art. 1 sub e-h, art. 5)", by_alias=True
)
@paginate(PagePagination)
def list_bodies(request: HttpRequest, slug: str, as_of: str = "") -> Any:
    """The bodies of the agreement, each with the members seated on `as_of` (default today): person, role
    (`chair`, `secretary`, `member`, `observer` = participant without a vote, `principal`), party or participant code."""
    from django.db.models import Prefetch, Q

    from samen.governance.models import Body, Membership

    agreement = _agreement(request, slug)
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise InvalidInput("api.as-of", "Geef de peildatum als jjjj-mm-dd.", field="as_of") from None
    seated = (
        Membership.objects.filter(Q(start__lte=day) & (Q(until__isnull=True) | Q(until__gte=day)))
        .select_related("person__party", "person__participant")
        .order_by("role", "person__party__position", "person__name", "pk")
    )
    bodies = Body.objects.filter(agreement=agreement).prefetch_related(Prefetch("memberships", queryset=seated, to_attr="seated"))
    return [
        {"key": b.key, "name": b.name, "short_name": b.short_name, "kind": b.kind, "members": [_member_out(m) for m in b.seated]}
        for b in bodies
    ]
