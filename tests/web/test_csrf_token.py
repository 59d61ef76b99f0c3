"""The forms' CSRF token (samen.web.csrf_token, issue 11): Django's token, masked with one read of the OS's randomness.
It must be what Django would accept and what it would give: the session's secret under a new, fair mask each time."""

from __future__ import annotations

import re

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, _unmask_cipher_token, get_token
from django.test import Client, RequestFactory
from tests.two_factor import log_in

from samen.web import csrf_token
from samen.web.csrf_token import masked_token

SECRET = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"


def _request(secret: str | None = SECRET):
    request = RequestFactory().get("/")
    if secret is not None:
        request.META["CSRF_COOKIE"] = secret
    return request


def test_a_token_is_the_secret_under_a_new_mask_each_time():
    request = _request()
    tokens = {masked_token(request) for _ in range(50)}
    assert len(tokens) == 50  # a new mask for every form
    for token in tokens:
        assert len(token) == 2 * CSRF_SECRET_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == SECRET  # what CsrfViewMiddleware does with it
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # the cookie is sent again, as get_token has it


def test_without_a_secret_django_makes_one_and_its_cookie():
    request = _request(None)
    token = masked_token(request)
    assert request.META["CSRF_COOKIE"] and request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    # Django's own token for the same request unmasks to the same secret.
    assert _unmask_cipher_token(get_token(request)) == request.META["CSRF_COOKIE"]


def test_the_mask_skips_the_bytes_that_would_favour_some_characters(monkeypatch):
    # Bytes 248-255 would fall on the first 8 characters a fifth time; they are skipped and the next ones used.
    draws = iter([bytes([255, 248, 0, 61, 62, 247] + [1] * 34), bytes([2] * 40)])
    monkeypatch.setattr(csrf_token.secrets, "token_bytes", lambda n: next(draws))
    mask = csrf_token._mask()
    chars = CSRF_ALLOWED_CHARS
    assert mask == chars[0] + chars[61] + chars[0] + chars[247 % 62] + chars[1] * 28
    assert csrf_token._FAIR == 248
    # Too many skipped: more bytes are read.
    draws = iter([bytes([255] * 10 + [1] * 30), bytes([2] * 40)])
    assert csrf_token._mask() == chars[1] * 30 + chars[2] * 2


def test_a_pages_form_token_is_accepted_and_another_sessions_refused(agreement):
    one, two = log_in(Client(), "secretariaat"), log_in(Client(), "secretariaat")
    tokens = []
    for client in (one, two):
        client.handler.enforce_csrf_checks = True
        page = client.get("/overeenkomst/").content.decode()  # a page rendered with the context processor's token
        found = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
        assert len(found) == 1
        tokens.append(found.pop())
    assert two.post("/uitloggen/", {"csrfmiddlewaretoken": tokens[0]}).status_code == 403
    assert two.post("/uitloggen/", {"csrfmiddlewaretoken": tokens[1]}).status_code == 302
