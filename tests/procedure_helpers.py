"""Helpers for the procedure tests (issue 9): a held board meeting with a decision to link a step to."""

from __future__ import annotations

from datetime import date


def held_board_decision(agreement, *, on: date = date(2026, 1, 29), title: str = "Uittreding Hengelo"):
    """A board meeting held on `on` with one agenda item `title`, adopted; returns the agenda item."""
    from samen.governance import services as governance
    from samen.governance.models import Body

    board = Body.objects.get(agreement=agreement, key="board")
    meeting = governance.plan_meeting(actor="system:test", body=board, on=on, items=[{"title": title}])
    item = meeting.agenda_items.get()
    governance.record_held(
        actor="system:test", meeting=meeting, attendance={}, decisions={item.pk: {"decision": "Ingestemd.", "outcome": "adopted"}}
    )
    item.refresh_from_db()
    return item
