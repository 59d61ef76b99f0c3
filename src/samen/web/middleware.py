"""Dutch by default: the language is Dutch unless the user chose English with the switch.

Django's LocaleMiddleware also follows the browser's Accept-Language, which would show English to
a Dutch civil servant whose browser happens to be English; here only the explicit choice (the
language cookie set by /i18n/setlang/) counts.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from samen.rules.i18n import DEFAULT_LANGUAGE, use


def chosen_language(request: HttpRequest) -> str:
    """The language the switch chose (its cookie), or LANGUAGE_CODE (Dutch); also the key's language of a kept API
    answer (`api_support.KeptListMiddleware`, which runs before this middleware)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Activate the language chosen with the switch, or LANGUAGE_CODE (Dutch).

    The rules' own texts built during the request outside an evaluation (the scenario parser's input errors on
    a form, the what-if, a recorded fact) follow it too: the request runs inside `samen.rules.i18n.use`.
    """

    # Wrapping the response in a context block needs the synchronous path (samen runs under WSGI).
    sync_capable = True
    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with use("en" if chosen_language(request).startswith("en") else DEFAULT_LANGUAGE):
            return super().__call__(request)  # type: ignore[no-any-return]

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
