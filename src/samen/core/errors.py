"""Errors that services raise and every interface translates the same way."""

from __future__ import annotations


class ServiceError(Exception):
    """A service refused or could not accept a request. `code` is stable (e.g. art-8.closed-membership)."""

    exit_code = 1
    http_status = 400
    title = "Verzoek geweigerd"

    def __init__(self, code: str, message: str, *, field: str | None = None, article: str | None = None) -> None:
        self.code = code
        self.message = message
        self.field = field
        self.article = article
        super().__init__(f"{code}: {message}")

    def problem(self) -> dict[str, object]:
        """This error as an RFC 9457 problem document (NL API Design Rules)."""
        doc: dict[str, object] = {
            "type": f"https://samen.example/problems/{self.code}",
            "title": self.title,
            "status": self.http_status,
            "detail": self.message,
            "code": self.code,
        }
        if self.article:
            doc["article"] = self.article
        if self.field:
            doc["invalidParams"] = [{"name": self.field, "code": self.code, "reason": self.message}]
        return doc


class Refused(ServiceError):
    """The agreement does not allow what was asked (exit 1, HTTP 400 with the article's code)."""


class Conflict(Refused):
    """The request conflicts with what is already recorded, e.g. a party that is already a party
    (exit 1 like any refusal, HTTP 409 Conflict)."""

    http_status = 409
    title = "Conflict met wat al is vastgelegd"


class InvalidInput(ServiceError):
    """Malformed input (exit 2, HTTP 400) naming the field."""

    exit_code = 2
    title = "Ongeldige invoer"


class NotAllowed(ServiceError):
    """The actor's role does not allow this action (HTTP 403)."""

    http_status = 403
    title = "Geen toegang"


class NotFound(ServiceError):
    """The requested record does not exist within the actor's agreement (HTTP 404)."""

    http_status = 404
    title = "Niet gevonden"
