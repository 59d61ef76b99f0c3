"""The reminders as a task of the database-backed queue (django-tasks with django-tasks-db: no broker).

`daily` runs `services.send` for today and then queues itself for the next day at SAMEN_REMINDER_HOUR
(django-tasks has no cron): the worker (`samen reminders worker`, Django's `db_worker`) picks it up when
it is due. Two workers may both run it; every reminder still goes once (services).
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

ACTOR = "system:reminders"


@task()
def daily() -> dict[str, Any]:
    """Send today's reminders and queue the next run; returns the counts (kept as the task's result)."""
    from samen.reminders import services

    try:
        outcome = services.send(actor=ACTOR)
    finally:
        services.schedule_next()  # also after a failed run: tomorrow's goes, and retries what failed today
    return {"as_of": outcome.as_of.isoformat(), "sent": len(outcome.sent), "queued": len(outcome.queued), "failed": len(outcome.failed)}
