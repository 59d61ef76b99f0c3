"""The API to the NL API Design Rules: API-Version on every response, every error as problem+json,
401 with WWW-Authenticate, 409 for a conflict, paginated lists, HTTPS outside demo mode, a complete
OpenAPI document and Swagger UI from our own static files."""

from __future__ import annotations

import pytest

from samen import cli
from samen.accounts.services import create_api_token
from samen.core.errors import Conflict, Refused

PROBLEM = "application/problem+json"
PARTIES = "/api/v1/agreements/twente-vth-2024/parties"


def _bearer(username: str = "secretariaat") -> dict[str, str]:
    _, key = create_api_token(actor="system:test", username=username, label="test")
    return {"Authorization": f"Bearer {key}"}


def _production_bearer(agreement) -> dict[str, str]:
    """A token of a real (not demo) account: outside demo mode the demo accounts open nothing."""
    from samen.accounts.services import create_account

    create_account(actor="system:test", username="j.jansen", role="secretariat", agreement=agreement, password="een-lang-wachtwoord-2026")
    return _bearer("j.jansen")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/openapi.json"),
        ("get", "/api/v1/docs"),
        ("get", "/api/v1/agreements"),  # 401
        ("get", "/api/v1/nope"),  # 404
        ("delete", "/api/v1/evaluate"),  # 405
        ("post", "/api/v1/evaluate"),  # 400
    ],
)
def test_every_api_response_carries_the_full_api_version(client, method, path):
    response = getattr(client, method)(path)
    assert response["API-Version"] == "1.0.0"


def test_pages_do_not_carry_the_api_version(client, db):
    assert not client.get("/inloggen/").has_header("API-Version")


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/agreements/twente-vth-2024/nope", "/api/v1/", "/api/v1/agreements/"])
def test_an_unknown_api_path_is_a_problem_document_not_an_html_page_or_a_redirect(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "api.not-found"


def test_a_wrong_method_is_405_problem_json_with_allow(client):
    response = client.put("/api/v1/evaluate", "{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert response["Allow"] == "POST"
    assert response.json()["code"] == "api.method-not-allowed"


def test_head_answers_like_get_without_a_body(client, demo):
    headers = _bearer()
    get = client.get(PARTIES, headers=headers)
    head = client.head(PARTIES, headers=headers)
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    assert head["API-Version"] == "1.0.0"


def test_401_says_how_to_authenticate(client, db):
    response = client.get("/api/v1/agreements", headers={"Authorization": "Bearer samen_wrong"})
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == 'Bearer realm="samen"'


def test_403_is_problem_json(client, demo):
    response = client.post(PARTIES, {"code": "GM0141"}, content_type="application/json", headers=_bearer("hengelo"))
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "auth.forbidden"


def test_adding_a_party_that_is_already_a_party_is_a_409_conflict(client, demo, capsys):
    response = client.post(PARTIES, {"code": "GM0164"}, content_type="application/json", headers=_bearer())
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert (response.json()["code"], response.json()["invalidParams"][0]["name"]) == ("party.exists", "code")
    # A conflict is a refusal: the command line exits 1, as for any refusal.
    assert issubclass(Conflict, Refused)
    assert cli.main(["parties", "add", "--code", "GM0164"]) == 1
    assert "party.exists" in capsys.readouterr().err


# --- pagination --------------------------------------------------------------------------------------------


def test_every_list_is_paginated_with_links(client, demo):
    headers = _bearer()
    first = client.get(f"{PARTIES}?pageSize=4", headers=headers).json()
    assert (first["page"], first["pageSize"], first["totalItems"], first["totalPages"]) == (1, 4, 15, 4)
    assert len(first["items"]) == 4
    links = first["_links"]
    assert links["self"]["href"] == f"{PARTIES}?page=1&pageSize=4"
    assert links["next"]["href"] == f"{PARTIES}?page=2&pageSize=4"
    assert links["last"]["href"] == f"{PARTIES}?page=4&pageSize=4"
    assert links["prev"] is None
    last = client.get(links["last"]["href"], headers=headers).json()
    assert len(last["items"]) == 3 and last["_links"]["next"] is None
    assert last["_links"]["prev"]["href"] == f"{PARTIES}?page=3&pageSize=4"
    pages = [client.get(f"{PARTIES}?page={n}&pageSize=4", headers=headers).json()["items"] for n in range(1, 5)]
    assert len({p["code"] for page in pages for p in page}) == 15, "the pages together hold every party once"
    for url in ("/api/v1/agreements", "/api/v1/agreements/twente-vth-2024/facts"):
        body = client.get(url, headers=headers).json()
        assert set(body) == {"items", "page", "pageSize", "totalItems", "totalPages", "_links"}, url


@pytest.mark.parametrize("query", ["page=0", "pageSize=0", "pageSize=101", "page=x", "page=99999999999999999999"])
def test_a_bad_page_is_400_naming_the_parameter(client, demo, query):
    response = client.get(f"{PARTIES}?{query}", headers=_bearer())
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["invalidParams"][0]["name"] in ("page", "pageSize")


def test_a_page_past_the_last_is_empty(client, demo):
    body = client.get(f"{PARTIES}?page=9", headers=_bearer()).json()
    assert body["items"] == [] and body["_links"]["last"]["href"].endswith("page=1&pageSize=20")


# --- HTTPS outside demo mode -------------------------------------------------------------------------------


def test_outside_demo_mode_plain_http_is_refused_not_redirected(client, demo, settings):
    settings.DEMO_MODE = False
    headers = _production_bearer(demo)
    plain = client.get("/api/v1/agreements", headers=headers)
    assert plain.status_code == 403
    assert plain["Content-Type"] == PROBLEM
    assert plain.json()["code"] == "api.https-required"
    assert plain["API-Version"] == "1.0.0"
    assert client.post("/api/v1/evaluate", {}, content_type="application/json").status_code == 403
    assert client.get("/api/v1/agreements", headers=headers, secure=True).status_code == 200


def test_outside_demo_mode_https_behind_a_proxy_counts(client, demo, settings):
    settings.DEMO_MODE = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    headers = _production_bearer(demo)
    assert client.get("/api/v1/agreements", headers={**headers, "X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/api/v1/agreements", headers={**headers, "X-Forwarded-Proto": "http"}).status_code == 403


def test_in_demo_mode_plain_http_is_fine(client, demo):
    assert client.get("/api/v1/agreements", headers=_bearer()).status_code == 200


# --- the OpenAPI document ----------------------------------------------------------------------------------


def test_the_document_declares_every_request_body_and_error(client):
    document = client.get("/api/v1/openapi.json").json()
    assert client.get("/api/v1/openapi.json")["Access-Control-Allow-Origin"] == "*"
    paths = document["paths"]
    for path in ("/api/v1/evaluate", "/api/v1/agreements/{slug}/facts", "/api/v1/agreements/{slug}/parties"):
        assert "requestBody" in paths[path]["post"], path
    assert paths["/api/v1/evaluate"]["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Scenario"
    }
    facts = document["components"]["schemas"]["ScenarioFact"]["oneOf"]
    assert {v["properties"]["fact"]["enum"][0] for v in facts} >= {"signed", "dispute-notified", "cost-per-fte"}
    for path, operations in paths.items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "403", "413"} <= set(responses), (path, method)
            for status, response in responses.items():
                assert "API-Version" in response["headers"], (path, method, status)
                if status >= "400":
                    assert list(response["content"]) == [PROBLEM], (path, method, status)
    assert "409" in paths["/api/v1/agreements/{slug}/parties"]["post"]["responses"]
    assert "429" in paths["/api/v1/evaluate"]["post"]["responses"]
    assert "401" in paths["/api/v1/agreements"]["get"]["responses"]
    assert "401" in paths["/api/v1/evaluate"]["post"]["responses"]  # open, but a bad token is 401
    assert {"page", "pageSize"} <= {p["name"] for p in paths["/api/v1/agreements/{slug}/facts"]["get"]["parameters"]}


def test_swagger_ui_is_served_from_our_own_static_files(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "/static/web/api-docs.js" in page
    assert "cdn" not in page.lower() and "<script>" not in page
