"""The JSON API at /api/v1 (django-ninja): thin, calling the same services and rules as pages and CLI.

Errors are RFC 9457 problem documents (`application/problem+json`), following the NL API Design
Rules, carrying the stable code (e.g. `art-8.closed-membership`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.core.errors import InvalidInput, NotFound, ServiceError
from samen.parties import services as party_services
from samen.parties.models import Party
from samen.rules.facts import ScenarioError, parse_json, parse_scenario
from samen.rules.scenario import evaluate


class BearerToken(HttpBearer):
    """`Authorization: Bearer samen_...`: a token made with `samen token create USER`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from samen.accounts.services import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="samen API",
    version="1.0.0",
    description="De regels, partijen en feiten van een samenwerkingsovereenkomst.",
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
)


def problem(status: int, doc: dict[str, Any]) -> HttpResponse:
    """An application/problem+json response."""
    doc = {"status": status, **doc}
    return HttpResponse(json.dumps(doc, ensure_ascii=False), status=status, content_type="application/problem+json")


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return problem(exc.http_status, exc.problem())


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
    return problem(401, {"type": "https://samen.example/problems/unauthenticated", "title": "Niet ingelogd", "code": "auth.required"})


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, {"type": "about:blank", "title": str(exc), "code": "http.error"})


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


@api.get("/agreements", response=list[AgreementOut], summary="Overeenkomsten")
def list_agreements(request: HttpRequest) -> Any:
    user: Any = request.user
    qs = Agreement.objects.all()
    return qs.filter(pk=user.agreement_id) if user.agreement_id else qs


@api.get("/agreements/{slug}/parties", response=list[PartyOut], summary="Partijen (art. 1 sub a)")
def list_parties(request: HttpRequest, slug: str) -> Any:
    return Party.objects.filter(agreement=_agreement(request, slug))


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


@api.get("/agreements/{slug}/facts", response=list[FactOut], summary="Vastgelegde feiten (scenario-formaat)")
def list_facts(request: HttpRequest, slug: str) -> Any:
    """The recorded facts the user may see (records.queries.visible_records): disputes only for their parties, the
    chair and the secretariat; another party's money not for a representative, no money for the observer."""
    from samen.records.models import RecordedFact
    from samen.records.queries import visible_records

    records = RecordedFact.objects.filter(agreement=_agreement(request, slug))
    return [_fact_out(request, f) for f in visible_records(request.user, records)]


@api.post("/agreements/{slug}/facts", response={201: FactOut}, summary="Een feit vastleggen (gevalideerd door de regels)")
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


@api.post("/evaluate", auth=None, summary="Een scenario evalueren (het regels-API-contract)")
def evaluate_scenario(request: HttpRequest) -> Any:
    """Same input and answer as `samen evaluate FILE --json` (scenario-format.md)."""
    doc = parse_json(request.body or b"null", field="body")  # depth-checked: ScenarioError -> 400
    if not isinstance(doc, dict):
        raise InvalidInput("scenario.not-object", "Een scenario is een JSON-object.", field="body")
    definitions = {slug: registry.definition(slug) for slug in registry.available()}
    scenario = parse_scenario(doc, definitions, today=date.today(), default=settings.SAMEN_DEFAULT_AGREEMENT)
    return evaluate(scenario.agreement, scenario.facts, scenario.as_of, scenario.settings, language=scenario.language).to_json()
