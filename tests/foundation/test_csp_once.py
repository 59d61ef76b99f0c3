"""The CSP middleware builds the policy once (samen.core.csp, issue 11) and sets the same headers as django-csp's own
middleware in every case: no nonce, a nonce, a view's own policy, an exemption, report-only, other settings."""

from __future__ import annotations

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from samen.core.csp import CSPMiddleware

REPORT_ONLY = {"DIRECTIVES": {"default-src": [SELF], "report-uri": "/csp-report"}}


def headers_from(middleware_class, prepare=lambda request, response: None):
    """The CSP headers `middleware_class` sets on a response, with `prepare` run as the view would."""
    request = RequestFactory().get("/")
    response = HttpResponse("ok")
    middleware = middleware_class(lambda r: response)
    middleware.process_request(request)
    prepare(request, response)
    middleware.process_response(request, response)
    return {h: response[h] for h in (HEADER, HEADER_REPORT_ONLY) if response.has_header(h)}


def use_nonce(request, response):
    request.nonce_seen = str(request.csp_nonce)


def own_policy(request, response):
    response._csp_update = {"img-src": ["https://kaart.example.nl"]}


def exempt(request, response):
    response._csp_exempt = True


@pytest.mark.parametrize("prepare", [lambda request, response: None, own_policy, exempt], ids=["plain", "own-policy", "exempt"])
def test_the_headers_are_django_csps(prepare):
    ours = headers_from(CSPMiddleware, prepare)
    assert ours == headers_from(DjangoCSPMiddleware, prepare)
    if prepare is own_policy:
        assert "https://kaart.example.nl" in ours[HEADER]
    if prepare is exempt:
        assert ours == {}
    else:
        assert "frame-ancestors 'none'" in ours[HEADER]


def test_a_nonce_the_request_used_is_in_the_policy(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    request = RequestFactory().get("/")
    response = HttpResponse("ok")
    middleware = CSPMiddleware(lambda r: response)
    middleware.process_request(request)
    nonce = str(request.csp_nonce)
    middleware.process_response(request, response)
    assert f"'nonce-{nonce}'" in response[HEADER]


def test_no_nonce_may_be_asked_for_after_the_header_is_written():
    request = RequestFactory().get("/")
    middleware = CSPMiddleware(lambda r: HttpResponse("ok"))
    middleware.process_request(request)
    middleware.process_response(request, HttpResponse("ok"))
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_other_settings_give_another_policy_and_report_only_is_set(settings):
    before = headers_from(CSPMiddleware)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = REPORT_ONLY
    middleware = CSPMiddleware(lambda r: HttpResponse("ok"))
    middleware.policies()  # built with these settings; a change below must build them again
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "img-src": ["data:"]}}
    request = RequestFactory().get("/")
    response = HttpResponse("ok")
    middleware.process_request(request)
    middleware.process_response(request, response)
    assert sorted(response[HEADER].split("; ")) == ["default-src 'self'", "img-src data:"]
    assert sorted(response[HEADER_REPORT_ONLY].split("; ")) == ["default-src 'self'", "report-uri /csp-report"]
    assert headers_from(CSPMiddleware) == headers_from(DjangoCSPMiddleware) != before


def test_an_excluded_prefix_gets_no_header(settings):
    settings.CONTENT_SECURITY_POLICY = {"EXCLUDE_URL_PREFIXES": ["/"], "DIRECTIVES": {"default-src": [SELF]}}
    assert headers_from(CSPMiddleware) == headers_from(DjangoCSPMiddleware) == {}


def test_every_page_and_api_answer_carries_the_policy(client, demo):
    for url in ("/", "/api/v1/agreements"):
        assert "frame-ancestors 'none'" in client.get(url)[HEADER], url
