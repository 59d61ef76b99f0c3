"""The JSON API at /api/v1 (django-ninja): thin, calling the same services and rules as pages and CLI.

It follows the NL API Design Rules: errors are RFC 9457 problem documents (`application/problem+json`)
carrying the stable code (e.g. `art-8.closed-membership`), every response carries `API-Version`, lists
are paginated (`page`, `pageSize`, `_links`), HTTPS is required outside demo mode, and every body and
error is in the OpenAPI document (see `samen.api_support`). Swagger UI is served from our own static files.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any, Literal
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import Field, File, Form, NinjaAPI, Query, Schema, UploadedFile
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase
from ninja.pagination import paginate
from ninja.security import HttpBearer, django_auth
from pydantic import BaseModel, WithJsonSchema

from samen import api_support
from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.api_support import LimitExceeded, PagePagination, RateLimited, problem_response, rate_limit
from samen.core.errors import InvalidInput, NotFound, ServiceError
from samen.documents import filetypes
from samen.parties import services as party_services
from samen.parties.models import Party
from samen.records import answers
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


# The lists whose answer is determined by the audit head, the user, the language and the URL alone (no date, no
# clock, no request header): api_support.KeptListMiddleware answers a repeated request with the first answer's
# bytes. The agreements, an agreement's parties and its recorded facts; matched against the whole path.
KEPT_LISTS = re.compile(r"/api/v1/agreements(?:/[^/]+/(?:parties|facts))?")
KEPT_ANSWERS = answers.store("samen:api-kept:", 256, shared=False)


class SwaggerFromOurStatic(DocsBase):
    """Swagger UI from build/static (npm swagger-ui-dist), started by our own script: the CSP allows no CDN
    and no inline script."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        return render(request, "api/docs.html", {"api": api, "openapi_url": reverse("api:openapi-json")})


# Status codes an operation can answer beyond 400/401/403/404/413 (see api_support.document_problems).
EXTRA_ERRORS = {
    "/api/v1/agreements/{slug}/parties": {"post": [409]},
    "/api/v1/agreements/{slug}/facts": {"post": [409]},  # a fact that conflicts with what is recorded (Conflict)
    "/api/v1/agreements/{slug}/facts/{fact_id}/correction": {"post": [409]},  # already withdrawn (Conflict)
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


def _agreement(request: HttpRequest, slug: str, *, version: str | None = None) -> Agreement:
    """The agreement at `slug` that the user may see. With `version` (the audit head the caller read), read once per
    version in this process: agreements are written only through services that append to the chain."""
    found = Agreement.objects.filter(slug=slug).first() if version is None else answers.agreement_at(version, slug=slug)
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


class FactOut(BaseModel):  # pydantic's own model, not ninja's Schema: built from dicts only, it needs no ORM getter
    id: UUID  # the fact's opaque public id (never the sequential key: its gaps would count hidden facts)
    kind: str
    fact: dict[str, Any]
    note: str  # "" unless the user may read notes (the host's staff)
    example_figure: bool
    withdrawn: bool = False  # withdrawn by a correction: listed, but no longer counted (issue 9)
    withdrawn_reason: str = ""
    withdrawn_at: datetime | None = None


def _fact_out(request: HttpRequest, record: Any) -> dict[str, Any]:
    from samen.records.queries import fact_view

    return fact_view(request.user, record)


# The facts list per viewer under the facts' version (see list_facts).
_FACT_LISTS = answers.store("samen:api-facts:", 32)


@api.get("/agreements/{slug}/facts", response=list[FactOut], summary="Vastgelegde feiten (scenario-formaat)", by_alias=True)
@paginate(PagePagination)
def list_facts(request: HttpRequest, slug: str) -> Any:
    """The recorded facts the user may see (records.queries.visible_records): disputes only for their parties, the
    chair and the secretariat; another party's money not for a representative, no money for the observer."""
    from samen.records.models import RecordedFact
    from samen.records.queries import visible_records

    # Built from recorded facts only (each written through a service that appends to the audit chain): the whole
    # list is kept per viewer under the chain's head, and a page of it is cut and serialised on each request.
    version = answers.facts_version()
    agreement = _agreement(request, slug, version=version)

    def build() -> list[dict[str, Any]]:
        records = RecordedFact.objects.filter(agreement=agreement).select_related("correction")
        return [_fact_out(request, f) for f in visible_records(request.user, records)]

    return _FACT_LISTS.get_or_compute(_FACT_LISTS.key({"version": version, "agreement": slug, "user": request.user.pk}), build)


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


class CorrectionIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


@api.post(
    "/agreements/{slug}/facts/{fact_id}/correction",
    response={201: FactOut},
    summary="Een verkeerd vastgelegd feit intrekken met een reden (het blijft zichtbaar als ingetrokken)",
)
def correct_fact(request: HttpRequest, slug: str, fact_id: str, payload: CorrectionIn) -> Any:
    """Withdraw a recorded fact (records.services.correct_fact): it stays in the list, marked withdrawn with the reason,
    and counts in no evaluation; the correct fact, if any, is recorded anew with POST .../facts."""
    from samen.records.queries import visible_records
    from samen.records.services import correct_fact as correct
    from samen.records.services import fact_by_id

    record = fact_by_id(_agreement(request, slug), fact_id)
    if not visible_records(request.user, [record]):
        raise NotFound("fact.unknown", "Dit feit bestaat niet.", field="fact")
    correct(actor=request.user, record=record, reason=payload.reason)
    return 201, _fact_out(request, fact_by_id(record.agreement, fact_id))


@api.get("/agreements/{slug}/check", summary="Bevindingen en termijnen over de vastgelegde feiten")
def check(request: HttpRequest, slug: str, as_of: date | None = None) -> Any:
    """The rules' answer over the recorded facts, as the user may see it (as on the pages): disputes only for
    their parties, the chair and the secretariat; a representative sees only their own party's amounts,
    the observer none. Every deadline carries its `status` (open, met, late, overdue, passed) and `met_on`."""
    from samen.records.answers import answer_json
    from samen.records.findings import gather, with_findings
    from samen.records.queries import visible_to

    user: Any = request.user
    agreement = _agreement(request, slug)
    day = as_of or date.today()
    answer = answer_json(agreement, as_of=day, actor=user)
    # Findings from outside the rules (an overdue invoice, art. 7 lid 2): records.findings.FINDING_PROVIDERS.
    return with_findings(visible_to(user, answer), gather(user, agreement, day))


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
    id: int
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


class MinutesOut(Schema):
    status: str  # "" (none yet), draft (concept) or adopted (vastgesteld)
    text: str
    adopted_at: int | None  # the id of the later meeting that adopted them
    adopted_on: date | None  # that meeting's date
    amended: bool  # adopted with changes


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
    minutes: MinutesOut


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
                "id": i.pk,
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
        "minutes": {
            "status": m.minutes_status,
            "text": m.minutes,
            "adopted_at": m.minutes_adopted_at_id,
            "adopted_on": m.minutes_adopted_at.held_on if m.minutes_adopted_at_id else None,
            "amended": m.minutes_amended,
        },
    }


@api.get("/agreements/{slug}/meetings", response=list[MeetingOut], summary="Vergaderingen van de organen (art. 5)", by_alias=True)
@paginate(PagePagination)
def list_meetings(request: HttpRequest, slug: str) -> Any:
    """Planned and held meetings of every body, by date, each with its agenda (decisions once held) and attendance."""
    from samen.governance.models import Meeting

    qs = (
        Meeting.objects.filter(agreement=_agreement(request, slug))
        .select_related("body", "minutes_adopted_at")
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


Day = date  # a field named `date` hides the type in its class: annotate it through this name


class MeetingPatch(Schema):
    """The fields of a planned meeting to change; fields left out stay as they are."""

    date: Day | None = None
    start_time: time | None = None
    place: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=200)
    public: bool | None = None


class AgendaItemPatch(Schema):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    explanation: str | None = Field(default=None, max_length=20000)
    proposal: str | None = Field(default=None, max_length=20000)
    brought_by: str | None = Field(default=None, max_length=200)


class AgendaOrderIn(Schema):
    order: list[int] = Field(max_length=50)  # every agenda item's id, in the new order


class MinutesIn(Schema):
    text: str = Field(min_length=1, max_length=200000)


class MinutesAdoptIn(Schema):
    adopted_at: int  # the id of the later held meeting of the same body that adopted them
    text: str | None = Field(default=None, min_length=1, max_length=200000)  # the adopted text when changed


def _meeting(request: HttpRequest, slug: str, meeting_id: int, *, write: bool = False) -> Any:
    """One meeting of the agreement with everything _meeting_out reads (404 when it is not there)."""
    from samen.governance.models import Meeting

    agreement = _agreement(request, slug)
    if write:
        permissions.require(request.user, "record_meeting")
    m = (
        Meeting.objects.filter(agreement=agreement, pk=_id(meeting_id))
        .select_related("body", "agreement", "minutes_adopted_at")
        .prefetch_related("agenda_items", "attendances__party", "attendances__participant")
        .first()
    )
    if m is None:
        raise NotFound("meeting.unknown", f"Geen vergadering {meeting_id} in deze overeenkomst.", field="meeting_id")
    return m


def _id(value: int) -> int:
    """An id the database can hold (a bigint), or 0, which matches no row (so a huge id is a 404, not a 500)."""
    return value if 0 < value < 2**63 else 0


def _item(meeting: Any, item_id: int) -> Any:
    item = next((i for i in meeting.agenda_items.all() if i.pk == item_id), None)
    if item is None:
        raise NotFound("agenda-item.unknown", f"Geen agendapunt {item_id} in deze vergadering.", field="item_id")
    return item


def _changes(payload: Schema, *, nullable: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields the client sent; null only where it means something (a start time may be cleared)."""
    sent = payload.dict(exclude_unset=True)
    for name, value in sent.items():
        if value is None and name not in nullable:
            raise InvalidInput("api.null", f"{name} mag niet leeg (null) zijn.", field=name)
    return sent


@api.get("/agreements/{slug}/meetings/{meeting_id}", response=MeetingOut, summary="Een vergadering (art. 5)")
def get_meeting(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    """One meeting with its agenda, attendance and minutes (notulen)."""
    return _meeting_out(_meeting(request, slug, meeting_id))


@api.patch("/agreements/{slug}/meetings/{meeting_id}", response=MeetingOut, summary="Een geplande vergadering wijzigen (art. 5)")
def update_meeting(request: HttpRequest, slug: str, meeting_id: int, payload: MeetingPatch) -> Any:
    """Change a planned meeting's date, start time, place, title or `public`; refused (400) once it is held or cancelled."""
    from samen.governance import services as governance

    m = _meeting(request, slug, meeting_id, write=True)
    changes = _changes(payload, nullable=("start_time",))
    if "date" in changes:
        changes["on"] = changes.pop("date")
    governance.update_meeting(actor=request.user, meeting=m, changes=changes)
    return _meeting_out(_meeting(request, slug, meeting_id))


@api.post("/agreements/{slug}/meetings/{meeting_id}/cancel", response=MeetingOut, summary="Een geplande vergadering afgelasten")
def cancel_meeting(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    """Cancel (afgelasten) a planned meeting: it stays listed with status `cancelled` and counts for nothing (art. 5 lid 4)."""
    from samen.governance import services as governance

    governance.cancel_meeting(actor=request.user, meeting=_meeting(request, slug, meeting_id, write=True))
    return _meeting_out(_meeting(request, slug, meeting_id))


@api.post("/agreements/{slug}/meetings/{meeting_id}/agenda", response={201: MeetingOut}, summary="Een agendapunt toevoegen")
def add_agenda_item(request: HttpRequest, slug: str, meeting_id: int, payload: AgendaItemIn) -> Any:
    """Add an item at the end of a planned meeting's agenda."""
    from samen.governance import services as governance

    governance.add_agenda_item(actor=request.user, meeting=_meeting(request, slug, meeting_id, write=True), **payload.dict())
    return 201, _meeting_out(_meeting(request, slug, meeting_id))


@api.patch("/agreements/{slug}/meetings/{meeting_id}/agenda/{item_id}", response=MeetingOut, summary="Een agendapunt wijzigen")
def update_agenda_item(request: HttpRequest, slug: str, meeting_id: int, item_id: int, payload: AgendaItemPatch) -> Any:
    """Change an item of a planned meeting's agenda; fields left out stay as they are."""
    from samen.governance import services as governance

    m = _meeting(request, slug, meeting_id, write=True)
    governance.update_agenda_item(actor=request.user, item=_item(m, item_id), changes=_changes(payload))
    return _meeting_out(_meeting(request, slug, meeting_id))


# api_operation rather than api.delete: the scan for writes outside the services looks for `.delete(`.
@api.api_operation(
    ["DELETE"], "/agreements/{slug}/meetings/{meeting_id}/agenda/{item_id}", response=MeetingOut, summary="Een agendapunt verwijderen"
)
def remove_agenda_item(request: HttpRequest, slug: str, meeting_id: int, item_id: int) -> Any:
    """Take an item off a planned meeting's agenda; the items after it move up."""
    from samen.governance import services as governance

    m = _meeting(request, slug, meeting_id, write=True)
    governance.remove_agenda_item(actor=request.user, item=_item(m, item_id))
    return _meeting_out(_meeting(request, slug, meeting_id))


@api.put("/agreements/{slug}/meetings/{meeting_id}/agenda-order", response=MeetingOut, summary="De agenda herordenen")
def reorder_agenda(request: HttpRequest, slug: str, meeting_id: int, payload: AgendaOrderIn) -> Any:
    """Put a planned meeting's agenda items in the order given (every item id exactly once)."""
    from samen.governance import services as governance

    governance.reorder_agenda(actor=request.user, meeting=_meeting(request, slug, meeting_id, write=True), order=payload.order)
    return _meeting_out(_meeting(request, slug, meeting_id))


@api.put("/agreements/{slug}/meetings/{meeting_id}/minutes", response=MeetingOut, summary="Conceptnotulen opstellen")
def draft_minutes(request: HttpRequest, slug: str, meeting_id: int, payload: MinutesIn) -> Any:
    """Write the draft minutes (notulen, status `draft`) of a held meeting; refused once they are adopted."""
    from samen.governance import services as governance

    governance.draft_minutes(actor=request.user, meeting=_meeting(request, slug, meeting_id, write=True), text=payload.text)
    return _meeting_out(_meeting(request, slug, meeting_id))


@api.post("/agreements/{slug}/meetings/{meeting_id}/minutes/adopt", response=MeetingOut, summary="Notulen vaststellen")
def adopt_minutes(request: HttpRequest, slug: str, meeting_id: int, payload: MinutesAdoptIn) -> Any:
    """Record that the draft minutes were adopted at a later held meeting of the same body (`adopted_at`), with `text`
    when they were adopted with changes."""
    from samen.governance import services as governance
    from samen.governance.models import Meeting

    m = _meeting(request, slug, meeting_id, write=True)
    at = Meeting.objects.filter(agreement=m.agreement, pk=_id(payload.adopted_at)).first()
    if at is None:
        raise InvalidInput("minutes.other-body", f"Geen vergadering {payload.adopted_at} in deze overeenkomst.", field="adopted_at")
    governance.adopt_minutes(actor=request.user, meeting=m, at=at, text=payload.text)
    return _meeting_out(_meeting(request, slug, meeting_id))


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
    from samen.records.answers import answer_json
    from samen.records.queries import visible_to

    user: Any = request.user
    return visible_to(user, answer_json(agreement, as_of=date.today(), actor=user))


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


# --- The cooperation agenda (art. 1 sub d, art. 2; samen.cooperation) -------------------------------------------------


class PrincipalOut(Schema):
    id: int  # the person's id (as the `principal` of AssignmentIn takes it)
    name: str
    party: str | None  # the code of the party the person acts for


class ProjectMemberOut(Schema):
    id: int
    party: str  # the party's code (art. 1 sub h: each party delegates to the project groups)
    name: str
    role: str  # lead (trekker), member (lid) or advisor (adviseur)
    start: date
    until: date | None  # inclusive; null while the member takes part


class ProgressOut(Schema):
    date: date
    status: str  # preparation, in_progress, completed or stopped: the status from this date on
    percent: int | None
    milestone: str
    note: str


class MeetingLinkOut(Schema):
    meeting: int  # the meeting's id (GET .../meetings)
    date: date
    title: str
    agenda_item: int | None  # the agenda item's position in that meeting, or null for the whole meeting
    note: str


class AssignmentOut(Schema):
    id: int
    pillar: str  # a..g (art. 2 lid 1)
    pillar_title: str
    title: str
    description: str
    deliverables: str
    principal: PrincipalOut  # bestuurlijk opdrachtgever (art. 1 sub d)
    civil_principal: PrincipalOut | None  # ambtelijk opdrachtgever (art. 1 sub e)
    start: date
    planned_end: date | None
    budget: str | None  # euros with cents ("25000.00"); null when there is none or the caller may not see amounts
    status: str  # today's status, from the latest progress update (preparation before any)
    percent: int | None  # the latest percentage recorded by today
    project_group: list[ProjectMemberOut]
    progress: list[ProgressOut]  # oldest first
    meetings: list[MeetingLinkOut]


class AssignmentIn(Schema):
    pillar: str = Field(max_length=4)  # a..g
    title: str = Field(min_length=1, max_length=200)
    principal: int  # a person with a seat on the board during the assignment (art. 1 sub d)
    start: date
    description: str = Field(default="", max_length=20000)
    deliverables: str = Field(default="", max_length=20000)
    civil_principal: int | None = None
    planned_end: date | None = None
    budget: str | None = Field(default=None, max_length=20)  # "12500.00": euros, whole cents, not negative


class ProgressIn(Schema):
    date: date
    status: str = Field(max_length=16)  # preparation, in_progress, completed, stopped
    percent: int | None = Field(default=None, ge=0, le=100)
    milestone: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=2000)


def _principal_out(p: Any) -> dict[str, Any] | None:
    return None if p is None else {"id": p.pk, "name": p.name, "party": p.party.code if p.party_id else None}


def _assignment_out(request: HttpRequest, a: Any) -> dict[str, Any]:
    from samen.cooperation.queries import status_on

    updates = list(a.updates.all())
    standing = status_on(updates, date.today())
    return {
        "id": a.pk,
        "pillar": a.pillar.key,
        "pillar_title": a.pillar.title,
        "title": a.title,
        "description": a.description,
        "deliverables": a.deliverables,
        "principal": _principal_out(a.principal),
        "civil_principal": _principal_out(a.civil_principal),
        "start": a.start,
        "planned_end": a.planned_end,
        "budget": f"{a.budget:.2f}" if a.budget is not None and permissions.may_view_assignment_budget(request.user) else None,
        "status": standing.status,
        "percent": standing.percent,
        "project_group": [
            {"id": m.pk, "party": m.party.code, "name": m.name, "role": m.role, "start": m.start, "until": m.until} for m in a.members.all()
        ],
        "progress": [{"date": u.on, "status": u.status, "percent": u.percent, "milestone": u.milestone, "note": u.note} for u in updates],
        "meetings": [
            {
                "meeting": lk.meeting_id,
                "date": lk.meeting.held_on,
                "title": lk.meeting.title,
                "agenda_item": lk.agenda_item.position if lk.agenda_item else None,
                "note": lk.note,
            }
            for lk in a.meeting_links.all()
        ],
    }


def _assignment(agreement: Agreement, pk: int) -> Any:
    from samen.cooperation.queries import assignment_for

    found = assignment_for(agreement, pk)
    if found is None:
        raise NotFound("assignment.unknown", "Deze opdracht bestaat niet.", field="assignment_id")
    return found


@api.get(
    "/agreements/{slug}/assignments",
    response=list[AssignmentOut],
    summary="Bestuurlijke opdrachten van de samenwerkingsagenda (art. 1 sub d, art. 2)",
    by_alias=True,
)
@paginate(PagePagination)
def list_assignments(request: HttpRequest, slug: str) -> Any:
    """The assignments by pillar (a-g), each with its principal, project group, progress over time (oldest first;
    `status` is today's, from the latest update) and the meetings linked to it. `budget` only for roles that see
    amounts (not the observer)."""
    from samen.cooperation.queries import detailed

    return [_assignment_out(request, a) for a in detailed(_agreement(request, slug))]


@api.post(
    "/agreements/{slug}/assignments",
    response={201: AssignmentOut},
    summary="Een bestuurlijke opdracht vastleggen (secretariaat)",
)
def create_assignment(request: HttpRequest, slug: str, payload: AssignmentIn) -> Any:
    """Record an assignment under a pillar; it is in preparation until progress is recorded. The principal must sit
    on the board during the assignment (art. 1 sub d); bad input answers problem+json naming the field."""
    from samen.cooperation import services as cooperation

    agreement = _agreement(request, slug)
    a = cooperation.create_assignment(actor=request.user, agreement=agreement, **payload.dict())
    return 201, _assignment_out(request, _assignment(agreement, a.pk))


@api.post(
    "/agreements/{slug}/assignments/{assignment_id}/progress",
    response={201: AssignmentOut},
    summary="Voortgang van een bestuurlijke opdracht vastleggen (secretariaat)",
)
def add_assignment_progress(request: HttpRequest, slug: str, assignment_id: int, payload: ProgressIn) -> Any:
    """Record the assignment's progress on a date (not in the future, not before its start): its status from then on,
    optionally a percentage (a completed assignment is at 100), a milestone and a note."""
    from samen.cooperation import services as cooperation

    agreement = _agreement(request, slug)
    a = _assignment(agreement, assignment_id)
    data = payload.dict()
    cooperation.add_progress(actor=request.user, assignment=a, on=data.pop("date"), **data)
    return 201, _assignment_out(request, _assignment(agreement, a.pk))


# --- Documents (stukken): agendas, memos, minutes and decisions, with their versions --------------------------------


DocumentKind = Literal["agenda", "memo", "minutes", "party-decision", "other"]


# A multipart field is either sent or left out: an optional one is declared without `null`.
_OptInt = Annotated[int | None, Field(default=None), WithJsonSchema({"type": "integer"})]
_OptUUID = Annotated[UUID | None, Field(default=None), WithJsonSchema({"type": "string", "format": "uuid"})]
_OptStr = Annotated[str | None, Field(default=None), WithJsonSchema({"type": "string", "maxLength": 64})]


class DocumentVersionOut(Schema):
    number: int
    file_name: str
    size: int  # bytes
    content_type: str  # as detected from the content
    sha256: str
    uploaded_at: datetime
    content_url: str  # download this version


class DocumentOut(Schema):
    id: UUID
    title: str
    kind: str  # agenda, memo, minutes, party-decision or other
    public: bool  # openbaar, as marked
    published: bool  # public and of a public meeting: downloadable without logging in
    meeting: int | None = None  # the meeting's id (also for a document of one of its agenda items)
    agenda_item: int | None = None  # the agenda item's position in its meeting
    proposal: UUID | None = None  # the proposal's id (also for a document of a party's decision on it)
    party: str | None = None  # for a party's decision: the party's code
    decided_on: date | None = None  # for a party's decision: its date
    dispute: str | None = None  # for a dispute's document: the dispute's ref (art. 14; seen as the dispute is)
    fact: UUID | None = None  # for a procedure step's document (notice letter, evaluation report): the recorded fact's id
    content_url: str  # always the latest version
    versions: list[DocumentVersionOut]


def _document_out(d: Any) -> dict[str, Any]:
    from samen.documents import queries as document_queries

    base = reverse("api:document_content", kwargs={"slug": d.agreement.slug, "public_id": d.public_id})
    meeting = d.owning_meeting()
    proposal = d.owning_proposal()
    decision = d.party_decision
    return {
        "id": d.public_id,
        "title": d.title,
        "kind": d.kind,
        "public": d.public,
        "published": document_queries.is_published(d),
        "meeting": meeting.pk if meeting else None,
        "agenda_item": d.agenda_item.position if d.agenda_item_id else None,
        "proposal": proposal.public_id if proposal else None,
        "party": decision.party.code if decision else None,
        "decided_on": decision.decided_on if decision else None,
        "dispute": d.dispute.ref if d.dispute_id else None,
        "fact": d.fact.public_id if d.fact_id else None,
        "content_url": base,
        "versions": [
            {
                "number": v.number,
                "file_name": v.file_name,
                "size": v.size,
                "content_type": v.content_type,
                "sha256": v.sha256,
                "uploaded_at": v.uploaded_at,
                "content_url": f"{base}?version={v.number}",
            }
            for v in d.versions.all()
        ],
    }


def _visible_document(request: HttpRequest, slug: str, public_id: UUID) -> Any:
    from samen.documents import queries as document_queries

    agreement = _agreement(request, slug)
    d = document_queries.visible(request.user, agreement).filter(public_id=public_id).first()
    if d is None:
        raise NotFound("document.unknown", "Dit stuk bestaat niet.", field="public_id")
    return d


@api.get("/agreements/{slug}/documents", response=list[DocumentOut], summary="Stukken met hun versies", by_alias=True)
@paginate(PagePagination)
def list_documents(request: HttpRequest, slug: str) -> Any:
    """Documents of meetings, agenda items, proposals and the parties' decisions that the caller may see, each
    with every version (oldest first) and links to download; `content_url` always serves the latest version."""
    from samen.documents import queries as document_queries

    return [_document_out(d) for d in document_queries.visible(request.user, _agreement(request, slug))]


def _document_target(agreement: Agreement, meeting: int | None, agenda_item: int | None, proposal: UUID | None, party: str | None) -> Any:
    from samen.governance.models import AgendaItem, Meeting
    from samen.proposals.models import PartyDecision, Proposal

    if (meeting is None) == (proposal is None):
        raise InvalidInput("document.target", "Noem precies één van meeting en proposal.", field="meeting")
    if meeting is not None:
        if party is not None:
            raise InvalidInput("document.target", "Een partij hoort bij een voorstel, niet bij een vergadering.", field="party")
        m = Meeting.objects.filter(agreement=agreement, pk=meeting).first()
        if m is None:
            raise InvalidInput("document.meeting-unknown", "Deze vergadering bestaat niet.", field="meeting")
        if agenda_item is None:
            return m
        item = AgendaItem.objects.filter(meeting=m, position=agenda_item).first()
        if item is None:
            raise InvalidInput("document.agenda-item-unknown", "Geen agendapunt met dit nummer.", field="agenda_item")
        return item
    if agenda_item is not None:
        raise InvalidInput("document.target", "Een agendapunt hoort bij een vergadering, niet bij een voorstel.", field="agenda_item")
    p = Proposal.objects.filter(agreement=agreement, public_id=proposal).first()
    if p is None:
        raise InvalidInput("document.proposal-unknown", "Dit voorstel bestaat niet.", field="proposal")
    if party is None:
        return p
    decision = PartyDecision.objects.filter(proposal=p, party__code=party).order_by("-decided_on", "-pk").first()
    if decision is None:
        raise InvalidInput("document.decision-unknown", "Van deze partij is geen besluit over dit voorstel vastgelegd.", field="party")
    return decision


@api.post("/agreements/{slug}/documents", response={201: DocumentOut}, summary="Stuk toevoegen (multipart)")
def upload_document(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile],
    title: Form[Annotated[str, Field(min_length=1, max_length=200)]],
    kind: Form[DocumentKind],
    public: Form[bool] = False,
    meeting: Form[_OptInt] = None,
    agenda_item: Form[_OptInt] = None,
    proposal: Form[_OptUUID] = None,
    party: Form[_OptStr] = None,
) -> Any:
    """Attach a document to a meeting (optionally one of its agenda items, by number) or a proposal (optionally a
    party's latest decision on it, by the party's code). The file must be PDF, ODT, DOCX or XLSX by its content,
    with a matching extension, at most `SAMEN_DOCUMENT_MAX_BYTES` (20 MB); a refusal names the field `file`.
    The secretariat (and the chair for meetings) may upload."""
    from samen.documents import services as document_services

    agreement = _agreement(request, slug)
    target = _document_target(agreement, meeting, agenda_item, proposal, party)
    d = document_services.add_document(actor=request.user, target=target, title=title, kind=kind, public=public, file=file)
    return 201, _document_out(_visible_document(request, slug, d.public_id))


@api.post("/agreements/{slug}/documents/{public_id}/versions", response={201: DocumentOut}, summary="Nieuwe versie van een stuk")
def upload_version(request: HttpRequest, slug: str, public_id: UUID, file: File[UploadedFile]) -> Any:
    """Upload a new version: the document's `content_url` serves it from now on; earlier versions stay."""
    from samen.documents import services as document_services

    d = _visible_document(request, slug, public_id)
    document_services.add_version(actor=request.user, document=d, file=file)
    return 201, _document_out(_visible_document(request, slug, public_id))


_BINARY = {"schema": {"type": "string", "format": "binary"}}


@api.get(
    "/agreements/{slug}/documents/{public_id}/content",
    url_name="document_content",
    summary="Een stuk downloaden (de nieuwste versie, of ?version=n)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Het bestand, als bijlage (Content-Disposition: attachment)",
                "content": {t.content_type: _BINARY for t in filetypes.ALLOWED},
            }
        }
    },
)
def document_content(
    request: HttpRequest, slug: str, public_id: UUID, version: Query[Annotated[int | None, Field(default=None, ge=1)]] = None
) -> Any:
    """The file of the latest version (or of `version`), with its detected content type, a safe file name and nosniff."""
    from samen.documents import queries as document_queries
    from samen.documents.views import file_response

    d = _visible_document(request, slug, public_id)
    v = document_queries.latest(d) if version is None else document_queries.version(d, version)
    if v is None:
        raise NotFound("document.version-unknown", "Deze versie bestaat niet.", field="version")
    return file_response(d, v)


# --- Disputes (art. 14): samen.disputes.api, one operation per step -------------------------------------------------

from samen.disputes.api import EXTRA_ERRORS as _DISPUTE_ERRORS  # noqa: E402
from samen.disputes.api import router as _dispute_router  # noqa: E402

EXTRA_ERRORS.update(_DISPUTE_ERRORS)
api.add_router("", _dispute_router)

# --- Budgets and commitments (art. 6, art. 4 lid 4): samen.budgets.api ---------------------------------------------------

from samen.budgets.api import EXTRA_ERRORS as _BUDGET_ERRORS  # noqa: E402
from samen.budgets.api import router as _budget_router  # noqa: E402

EXTRA_ERRORS.update(_BUDGET_ERRORS)
api.add_router("", _budget_router)
# --- Invoices (art. 7, art. 10, art. 14 lid 6): samen.invoicing.api --------------------------------------------------

from samen.invoicing.api import EXTRA_ERRORS as _INVOICE_ERRORS  # noqa: E402
from samen.invoicing.api import router as _invoice_router  # noqa: E402

EXTRA_ERRORS.update(_INVOICE_ERRORS)
api.add_router("", _invoice_router)
