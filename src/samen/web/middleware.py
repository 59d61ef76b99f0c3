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


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Activate the language chosen with the switch, or LANGUAGE_CODE (Dutch).

    The rules' own texts built during the request outside an evaluation (the scenario parser's input errors on
    a form, the what-if, a recorded fact) follow it too: the request runs inside `samen.rules.i18n.use`.
    """

    # Wrapping the response in a context block needs the synchronous path (samen runs under WSGI).
    sync_capable = True
    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with use("en" if self._chosen(request).startswith("en") else DEFAULT_LANGUAGE):
            return super().__call__(request)  # type: ignore[no-any-return]

    @staticmethod
    def _chosen(request: HttpRequest) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(self._chosen(request))
        request.LANGUAGE_CODE = translation.get_language()
