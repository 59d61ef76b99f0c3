"""Django's database sessions, with the session read by a statement compiled once (samen.core.rows.OneRow).

Every request of a logged-in user reads its session. The row found is the one Django's own `SessionStore` finds
(`Session.objects.get(session_key=..., expire_date__gt=now)`): an expired or deleted session is not read, and the
request is anonymous. Everything else (saving, cycling the key on login, flushing on logout, clearing expired
sessions) is Django's. Settings: SESSION_ENGINE = "samen.accounts.sessions".
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from samen.core.rows import OneRow

_SESSION = OneRow(Session, "session_key", "expire_date__gt")


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        found = _SESSION.get(self.session_key, timezone.now())
        if found is None:
            self._session_key = None
        return found
