"""What the API needs around its operations to follow the NL API Design Rules (see docs/architecture.md, "Errors").

- `ApiMiddleware`: on every response under /api/ the `API-Version` header (/core/version-header), every
  error as `application/problem+json` (also Django's own 404/405/500 pages), HTTPS required outside demo
  mode (403 `api.https-required`, never a redirect), and bodies above the limit refused (413) before
  anything reads them.
- `PagePagination`: every list takes `page` and `pageSize` and answers `items` with `_links`
  (self, first, prev, next, last), `page`, `pageSize`, `totalItems` and `totalPages`.
- `rate_limit`: a fixed-window counter per client (address, or user) in Django's cache, which every app
  process shares (the database cache table), so several app servers count together.
- `document_problems`: completes the OpenAPI document: the Problem schema on every error a operation
  can answer, the `API-Version` header on every response, `Retry-After` on 429, `WWW-Authenticate` on 401.
"""

from __future__ import annotations

import json
import math
import re
import time
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from pydantic import BaseModel, ConfigDict

from samen.core.errors import ServiceError

API_VERSION = "1.0.0"
PROBLEM = "application/problem+json"


def problem_response(status: int, doc: dict[str, Any], headers: dict[str, str] | None = None) -> HttpResponse:
    """An application/problem+json response (RFC 9457)."""
    doc = {"status": status, **doc}
    response = HttpResponse(json.dumps(doc, ensure_ascii=False), status=status, content_type=PROBLEM)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# The two multipart uploads of documents (samen.documents), whose bodies may exceed the JSON body limit.
DOCUMENT_UPLOAD = re.compile(r"^/api/v1/agreements/[^/]+/documents(/[^/]+/versions)?$")


def _http_problem(status: int, code: str, title: str, detail: str) -> dict[str, Any]:
    return {"type": f"https://samen.example/problems/{code}", "title": title, "detail": detail, "code": code}


# Django's own error pages under /api/ become problem documents with these codes and titles.
_GENERIC = {
    400: ("api.bad-request", "Ongeldig verzoek", "Het verzoek is niet te verwerken."),
    403: ("api.forbidden", "Geen toegang", "Dit verzoek is niet toegestaan."),
    404: ("api.not-found", "Niet gevonden", "Onder dit adres is niets; zie /api/v1/openapi.json voor wat er wel is."),
    405: ("api.method-not-allowed", "Methode niet toegestaan", "Deze methode kan hier niet; de header Allow noemt wat wel kan."),
    500: ("api.server-error", "Interne fout", "Er ging iets mis bij het verwerken van het verzoek."),
}


class LimitExceeded(ServiceError):
    """A request above one of the API's limits (HTTP 413): the problem states the limit."""

    http_status = 413
    title = "Verzoek te groot"

    def __init__(self, code: str, message: str, *, limit: int, field: str | None = None) -> None:
        super().__init__(code, message, field=field)
        self.limit = limit

    def problem(self) -> dict[str, object]:
        return {**super().problem(), "limit": self.limit}


class RateLimited(ServiceError):
    """Too many requests from one client in the window (HTTP 429, with Retry-After)."""

    http_status = 429
    title = "Te veel verzoeken"

    def __init__(self, message: str, *, limit: int, window: int, retry_after: int) -> None:
        super().__init__("api.rate-limited", message)
        self.limit = limit
        self.window = window
        self.retry_after = retry_after

    def problem(self) -> dict[str, object]:
        return {**super().problem(), "limit": self.limit, "window": self.window, "retryAfter": self.retry_after}


def body_too_large(limit: int) -> LimitExceeded:
    return LimitExceeded(
        "api.body-too-large",
        f"De body is groter dan de grens van {limit:,} bytes (2,5 MB).".replace(",", "."),
        limit=limit,
        field="body",
    )


class ApiMiddleware:
    """Everything under /api/: API-Version, problem+json for every error, HTTPS outside demo mode, body limit.

    It sits first in MIDDLEWARE, so its header and its problem documents cover the answers of every
    other middleware too.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:
            # GET and HEAD must both work (RFC 9110, /core/http-methods): HEAD is a GET without its body.
            request.method = "GET"
        response = self._refuse(request) or self.get_response(request)
        response = self._as_problem(response)
        if head and not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        response["API-Version"] = API_VERSION
        if request.path.endswith("/openapi.json") and response.status_code == 200:
            # /core/publish-openapi: any origin may read the document (it holds nothing secret).
            response["Access-Control-Allow-Origin"] = "*"
        return response

    def _refuse(self, request: HttpRequest) -> HttpResponse | None:
        if not settings.DEMO_MODE and not request.is_secure():
            # No redirect: a client that silently follows one has already sent its token in the clear.
            return problem_response(
                403,
                _http_problem(
                    403,
                    "api.https-required",
                    "HTTPS vereist",
                    "De API antwoordt alleen over HTTPS; een token dat over HTTP is verstuurd, moet als uitgelekt gelden.",
                ),
            )
        limit = settings.SAMEN_API_MAX_BODY_BYTES
        if request.method == "POST" and DOCUMENT_UPLOAD.match(request.path):
            # A document (multipart) may be up to SAMEN_DOCUMENT_MAX_BYTES; the service names a file above it.
            limit = max(limit, settings.SAMEN_DOCUMENT_MAX_BYTES + 1024 * 1024)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return problem_response(413, body_too_large(limit).problem())
        return None

    def _as_problem(self, response: HttpResponse) -> HttpResponse:
        status = response.status_code
        if 300 <= status < 400:
            # The API never redirects (/core/no-trailing-slash: a wrong URI is a 404, e.g. a missing or extra slash).
            status = 404
        elif status < 400 or response.get("Content-Type", "").startswith(PROBLEM):
            return response
        code, title, detail = _GENERIC.get(status) or (f"api.http-{status}", HTTPStatus(status).phrase, HTTPStatus(status).phrase)
        keep = {h: response[h] for h in ("Allow", "WWW-Authenticate", "Retry-After") if response.has_header(h)}
        return problem_response(status, _http_problem(status, code, title, detail), keep)


class KeptListMiddleware:
    """A repeated GET of an API list that nothing has changed since is answered with the bytes of the first answer.

    The lists in `samen.api.KEPT_LISTS` are determined by exactly these, which make the key: the recorded data's
    version (the head of the audit chain: every write goes through a service that appends to it in the write's own
    transaction, see `records.answers`), the user the bearer token belongs to (their role, agreement and party are
    tracked in the chain too), the language the answer is made in, and the URL (path and query string as sent). The token is
    checked on every request, exactly as the operation checks it (`samen.api.BearerToken`: a revoked or expired
    token, or a deactivated user, is refused from the next request), and the head is read on every request, before
    anything is looked up: an answer kept before a write is never served after it, in any process.

    On a miss the request goes on as always (every middleware below, then the operation with its own token check,
    parameters, permissions and pagination), and a 200 that sets no cookie, made in the key's language, is kept, in
    this process's memory only, with the headers it left the middleware below with.

    It sits right after the health check, before the session, CSRF, login and second-factor middleware: a kept
    answer is checked first as CommonMiddleware checks every request (the Host against ALLOWED_HOSTS, the user
    agent), passes back through the middleware above it (`API-Version`, the security headers) like a fresh one, and
    carries the headers the middleware below gave the first answer (CSP, X-Frame-Options, Content-Language, Vary),
    which depend on nothing but the key. Only a request whose cookies the middleware below would not read is served
    here: none, or only the language switch's (which chooses the key's language: `web.middleware.chosen_language`,
    as `ChosenLanguageMiddleware` does). A session cookie, a CSRF cookie or any other sends the request on, unkept.
    Requests without a bearer token (a session) are never kept. Skipping the middleware below halves a kept answer's cost (callgrind, in
    process: 2.05 M instructions per request before, see docs/performance.md).
    """

    def __init__(self, get_response: Any) -> None:
        from django.middleware.common import CommonMiddleware

        from samen import api
        from samen.records import answers
        from samen.web.middleware import chosen_language

        self.get_response = get_response
        self.lists = api.KEPT_LISTS
        self.bearer = api.BearerToken()
        self.answers = answers
        self.kept = api.KEPT_ANSWERS
        self.chosen = chosen_language
        self.common = CommonMiddleware(get_response)
        self.language_cookie = frozenset({settings.LANGUAGE_COOKIE_NAME})

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if request.method != "GET" or "HTTP_AUTHORIZATION" not in meta or not self.lists.fullmatch(request.path_info):
            return self.get_response(request)
        if "HTTP_COOKIE" in meta and not request.COOKIES.keys() <= self.language_cookie:
            return self.get_response(request)  # a cookie the middleware below reads (a session): never kept
        # CommonMiddleware's checks, which a kept answer would otherwise pass by: the Host against ALLOWED_HOSTS
        # (DisallowedHost: a 400), DISALLOWED_USER_AGENTS (a 403), and PREPEND_WWW (its redirect: sent on unkept).
        if self.common.process_request(request) is not None:
            return self.get_response(request)
        user = self.bearer(request)  # sets request.user, as the operation's own check does
        if not user:
            return self.get_response(request)  # the operation answers (with another way in, or 401)
        language = self.chosen(request)  # the language the answer is made in (the switch's cookie, or Dutch)
        # Kept in this process's memory only, so the key's parts are the key (no digest needed).
        key = (self.answers.facts_version(), user.pk, language, request.path, meta.get("QUERY_STRING", ""))
        found = self.kept.peek(key)
        if found is not None:
            request.auth = user  # type: ignore[attr-defined]  # as ninja sets it
            content, headers = found
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and getattr(request, "auth", None) == user
            and response.get("Content-Language") == language
        ):
            self.kept.keep(key, (response.content, dict(response.items())))
        return response


def client_address(request: HttpRequest) -> str:
    """The client's address for the rate limit: REMOTE_ADDR, or the header SAMEN_CLIENT_ADDRESS_HEADER names
    (e.g. HTTP_X_REAL_IP, set by the reverse proxy in front of the app; never trust a header a client can
    set itself, so leave it empty without such a proxy)."""
    header = settings.SAMEN_CLIENT_ADDRESS_HEADER
    address = (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR") or "unknown"
    return address.split(",")[0].strip()[:64]


def rate_limit(request: HttpRequest, scope: str, *, limit: int, window: int, user: Any = None) -> None:
    """Count this request in the client's current window (per user when `user` is given, else per address);
    RateLimited when it is over `limit`.

    A fixed window in the shared cache: `add` starts it, `incr` counts. Under concurrent requests the
    count can come out one or two low, never high; good enough for a limit meant against overload.
    """
    who = f"user:{user.pk}" if user is not None else f"addr:{client_address(request)}"
    now = int(time.time())
    start = now - now % window
    key = f"samen:rate:{scope}:{who}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        retry = max(1, start + window - now)
        raise RateLimited(
            f"Ten hoogste {limit} verzoeken per {window} seconden; probeer het over {retry} seconden opnieuw.",
            limit=limit,
            window=window,
            retry_after=retry,
        )


# --- pagination (NL API Design Rules, /ext/pagination: page + pageSize, HAL-style _links) ------------------


# The page's own models are pydantic's, not ninja's Schema: they are built from dicts, so they need no ORM getter
# (ninja's Schema wraps every value it validates in one), and their OpenAPI schema is the same.
class Link(BaseModel):
    href: str


class PageLinks(BaseModel):
    self: Link
    first: Link
    last: Link
    prev: Link | None = None
    next: Link | None = None


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Paginanummer, vanaf 1")
    page_size: int = Field(20, ge=1, le=100, alias="pageSize", description="Aantal per pagina (1-100)")


class PagePagination(PaginationBase):
    """`?page=1&pageSize=20` (at most 100 a page) -> {items, page, pageSize, totalItems, totalPages, _links}.

    A page past the last answers an empty `items` (its links still say where the last page is).
    """

    Input = PageQuery

    class Output(BaseModel):
        model_config = ConfigDict(populate_by_name=True)

        items: list[Any]
        page: int
        page_size: int = Field(..., alias="pageSize")
        total_items: int = Field(..., alias="totalItems")
        total_pages: int = Field(..., alias="totalPages")
        links: PageLinks = Field(..., alias="_links")

    items_attribute = "items"

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        page, size = pagination.page, pagination.page_size
        total = self._items_count(queryset)
        pages = max(1, math.ceil(total / size))
        offset = (page - 1) * size
        items = list(queryset[offset : offset + size]) if offset < total else []

        other = {key: value for key, value in request.GET.items() if key not in ("page", "pageSize")}  # last values

        def link(number: int) -> dict[str, str]:
            query = {**other, "page": str(number), "pageSize": str(size)}
            return {"href": f"{request.path}?{urlencode(sorted(query.items()))}"}

        links: dict[str, Any] = {"self": link(page), "first": link(1), "last": link(pages)}
        links["prev"] = link(min(page - 1, pages)) if page > 1 else None
        links["next"] = link(page + 1) if page < pages else None
        return {"items": items, "page": page, "pageSize": size, "totalItems": total, "totalPages": pages, "_links": links}


# --- the OpenAPI document ---------------------------------------------------------------------------------

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details (NL API Design Rules). `code` is stable; `invalidParams` names each field.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "URI of the kind of problem"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "description": "stable code, e.g. art-8.closed-membership or api.rate-limited"},
        "article": {"type": "string", "description": "the article of the agreement, where one applies"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                    "index": {"type": ["integer", "null"]},
                },
            },
        },
        "errors": {"type": "array", "items": {"type": "object"}, "description": "a scenario's errors as `samen evaluate` prints them"},
        "limit": {"type": "integer", "description": "the limit that was exceeded (413, 429)"},
        "window": {"type": "integer", "description": "the window of the rate limit in seconds (429)"},
        "retryAfter": {"type": "integer", "description": "seconds until a new request is counted (429)"},
    },
}

_DESCRIPTIONS = {
    400: "Ongeldige invoer of geweigerd door de overeenkomst; `invalidParams` noemt het veld",
    401: "Niet ingelogd: geef een bearer token (`samen token create USER`) of log in",
    403: "Geen toegang voor deze rol, of HTTPS vereist (`api.https-required`)",
    404: "Niet gevonden (of niet zichtbaar voor deze gebruiker)",
    405: "Methode niet toegestaan (de header Allow noemt wat wel kan)",
    409: "Conflict met wat al is vastgelegd (bijvoorbeeld `party.exists`: die partij is er al)",
    413: "Verzoek te groot: de body (2,5 MB) of het aantal feiten; het probleem noemt de grens",
    429: "Te veel verzoeken; het probleem noemt de grens, de header Retry-After de wachttijd",
}


def document_problems(schema: dict[str, Any], *, errors: dict[str, dict[str, list[int]]]) -> dict[str, Any]:
    """Add the Problem schema to every error an operation can answer and API-Version to every response.

    `errors` maps path -> method -> extra status codes for that operation (409, 429...). Every operation
    can answer 400 (its parameters), 403 (HTTPS required outside demo mode) and 413 (body limit); one
    with security also 401, one under /agreements/{slug} also 404.
    """
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    version_header = {"$ref": "#/components/headers/API-Version"}
    components["headers"] = {
        "API-Version": {"description": "De volledige versie van de API (semver)", "schema": {"type": "string", "example": API_VERSION}},
        "Retry-After": {"description": "Seconden tot een nieuw verzoek weer telt", "schema": {"type": "integer", "minimum": 1}},
        "WWW-Authenticate": {"description": 'Bearer realm="samen"', "schema": {"type": "string"}},
    }
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            codes = {400, 403, 413}
            if operation.get("security"):
                codes.add(401)
            if "{" in path:
                codes.add(404)
            codes.update(errors.get(path, {}).get(method, []))
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                entry: dict[str, Any] = {
                    "description": _DESCRIPTIONS[code],
                    "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    "headers": {"API-Version": version_header},
                }
                if code == 429:
                    entry["headers"]["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
                if code == 401:
                    entry["headers"]["WWW-Authenticate"] = {"$ref": "#/components/headers/WWW-Authenticate"}
                responses[code] = entry
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = version_header
    return schema


def _field_schema(typ: str, definitions: list[Any]) -> dict[str, Any]:
    """The JSON Schema of one field type of the scenario format (rules.facts FIELDS)."""
    from samen.rules.facts import _AMOUNT, _DECIMAL, _REF, BODIES, DECISIONS, MAX_YEAR, MIN_YEAR, PERIODIC_KINDS, STAFF_ROLES

    codes = sorted({code for d in definitions for code in d.party_codes})
    categories = sorted({c.key for d in definitions for c in d.extra_cost_categories})
    return {
        "date": {"type": "string", "format": "date", "description": "YYYY-MM-DD"},
        "party": {"type": "string", "enum": codes, "description": "code van een partij (art. 1 sub a)"},
        "parties": {"type": "array", "items": {"type": "string", "enum": codes}, "minItems": 1, "uniqueItems": True},
        "party-set": {"type": "array", "items": {"type": "string", "enum": codes}, "uniqueItems": True},
        "ref": {"type": "string", "pattern": _REF.pattern},
        "amount": {"type": "string", "pattern": _AMOUNT.pattern, "description": 'bedrag in euro met twee decimalen, bijv. "98500.00"'},
        "year": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
        "body": {"type": "string", "enum": list(BODIES)},
        "decision": {"type": "string", "enum": list(DECISIONS)},
        "category": {"type": "string", "enum": categories},
        "parameters": {"type": "object", "minProperties": 1, "description": "parameter van de overeenkomst -> nieuwe waarde (art. 12)"},
        "years": {
            "type": "array",
            "items": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
            "minItems": 1,
            "uniqueItems": True,
            "description": "jaartallen",
        },
        "periodic-kinds": {"type": "array", "items": {"type": "string", "enum": list(PERIODIC_KINDS)}, "minItems": 1, "uniqueItems": True},
        # Budgets and commitments (art. 4, art. 6) [ext].
        "lines": {
            "type": "object",
            "additionalProperties": {"type": "string", "pattern": _AMOUNT.pattern},
            "description": 'begrotingspost -> bedrag, bijv. {"Personeel": "150000.00"} (art. 6)',
        },
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "text": {"type": "string", "minLength": 1, "maxLength": 2000},
        "fte": {"type": "string", "pattern": _DECIMAL.pattern, "description": 'fte als tekst, bijv. "0.8"'},
        "scale": {"type": "integer", "minimum": 1, "maximum": 99},
        "staff-role": {"type": "string", "enum": list(STAFF_ROLES)},
    }[typ]


def fact_schema(*, with_note: bool) -> dict[str, Any]:
    """One fact in the scenario format (docs/scenarios.md): one variant per kind, chosen by `fact`.

    The schema says the shape; the rules' own parser still decides (a party's withdrawal before its
    notice, a dispute ref used twice...) and answers 400 naming the field.
    """
    from samen.agreements import registry
    from samen.rules.facts import FACT_TYPES

    definitions = [registry.definition(slug) for slug in registry.available()]
    variants = []
    for kind, cls in sorted(FACT_TYPES.items()):
        properties: dict[str, Any] = {"fact": {"type": "string", "enum": [kind]}}
        required = ["fact"]
        for name, typ, needed in cls.FIELDS:
            properties[name] = _field_schema(typ, definitions)
            if needed:
                required.append(name)
        if with_note:
            properties["note"] = {"type": "string", "description": "toelichting, voor iedereen die het feit ziet"}
        articles = ", ".join(cls.articles)
        variants.append(
            {
                "title": kind,
                "description": articles,
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        )
    return {"oneOf": variants}


def scenario_schema() -> dict[str, Any]:
    """A scenario (docs/scenarios.md, ../shared/scenario-format.md), as `samen evaluate` reads it."""
    from samen.agreements import registry

    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "agreement": {"type": "string", "enum": list(registry.available()), "description": "slug van de overeenkomst"},
            "as_of": {"type": "string", "format": "date", "description": "peildatum (standaard vandaag)"},
            "language": {"type": "string", "enum": ["nl", "en"]},
            "settings": {"type": ["object", "null"], "description": "lezingen (docs/readings.md), bijv. roll_forward"},
            "facts": {"type": "array", "items": {"$ref": "#/components/schemas/ScenarioFact"}},
        },
    }
