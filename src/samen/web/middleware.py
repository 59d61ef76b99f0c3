"""Dutch by default: the language is Dutch unless the user chose English with the switch.

Django's LocaleMiddleware also follows the browser's Accept-Language, which would show English to
a Dutch civil servant whose browser happens to be English; here only the explicit choice (the
language cookie set by /i18n/setlang/) counts.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Activate the language chosen with the switch, or LANGUAGE_CODE (Dutch)."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
