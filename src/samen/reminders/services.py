"""Sending reminders: each exactly once, also when two runs (a cron job and the worker) race.

Exactly once: a reminder is claimed by inserting its `Reminder` row, unique on (user, agreement,
deadline, date, kind), in the same transaction that hands the mail to the mail backend. A second run
finds the row (or, racing, fails on the constraint and skips); a mail the backend refuses rolls the
claim back, so the next run tries again. A user who chose the weekly digest gets the row claimed now
(delivery "digest") and one mail for all of them on the digest day (`send_digests`); the digest marks
its rows sent in the transaction that sends it, after locking them, so it too goes once.

`Reminder` rows are a delivery log (like the security events), not a record of the agreement: the audit
chain does not track them; changing how a user receives reminders is audited (accounts.services).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from samen.accounts import permissions
from samen.accounts.models import ReminderDelivery, User
from samen.agreements.models import Agreement
from samen.core.errors import InvalidInput
from samen.reminders import mail, queries
from samen.reminders.models import Reminder
from samen.rules.facts import date_problem

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What one run did: mails sent (address, subject), reminders kept for a digest, mails that failed."""

    as_of: date
    sent: list[tuple[str, str]] = field(default_factory=list)
    queued: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _claim(due: queries.Due, delivery: str, as_of: date) -> Reminder:
    d = due.deadline
    return Reminder.objects.create(
        user=due.user,
        agreement=due.agreement,
        deadline_id=d["id"],
        deadline_date=due.deadline_date,
        kind=due.kind,
        title=str(d["title"])[:300],
        articles=", ".join(d.get("articles", []))[:200],
        delivery=delivery,
        due_on=as_of,
    )


def _already(due: queries.Due) -> bool:
    return Reminder.objects.filter(
        user=due.user, agreement=due.agreement, deadline_id=due.deadline["id"], deadline_date=due.deadline_date, kind=due.kind
    ).exists()


def _deliver(due: queries.Due, as_of: date, outcome: Outcome) -> None:
    weekly = due.user.reminder_delivery == ReminderDelivery.WEEKLY
    try:
        with transaction.atomic():
            reminder = _claim(due, Reminder.Delivery.DIGEST if weekly else Reminder.Delivery.IMMEDIATE, as_of)
            if weekly:
                outcome.queued.append((due.user.email, reminder.title))
                return
            message = mail.one(due.user, reminder, as_of)
            message.send(fail_silently=False)
            reminder.sent_at = timezone.now()
            reminder.save(update_fields=["sent_at"])
            outcome.sent.append((due.user.email, str(message.subject)))
    except IntegrityError:
        return  # another run claimed it first: it sends it
    except OSError as e:  # the SMTP server or the mail directory refused: the claim is rolled back, a later run retries
        log.warning("reminder to %s not sent: %s", due.user.email, e)
        outcome.failed.append((due.user.email, str(due.deadline["title"])))


def digest_due(user: User, as_of: date) -> bool:
    """Whether `user`'s weekly digest goes on `as_of`: the digest weekday, or a reminder has waited a week."""
    pending = Reminder.objects.filter(user=user, delivery=Reminder.Delivery.DIGEST, sent_at__isnull=True)
    if as_of.weekday() == int(settings.SAMEN_REMINDER_DIGEST_WEEKDAY):
        return pending.exists()
    return pending.filter(due_on__lte=as_of - timedelta(days=7)).exists()


def send_digests(as_of: date, outcome: Outcome, agreements: list[Agreement]) -> None:
    """Send every digest due on `as_of` (see `digest_due`), each once."""
    users = User.objects.filter(
        reminders__delivery=Reminder.Delivery.DIGEST, reminders__sent_at__isnull=True, reminders__agreement__in=agreements
    ).distinct()
    for user in users.order_by("pk"):
        if not digest_due(user, as_of):
            continue
        try:
            with transaction.atomic():
                rows = list(
                    Reminder.objects.select_for_update()
                    .filter(user=user, delivery=Reminder.Delivery.DIGEST, sent_at__isnull=True, agreement__in=agreements)
                    .select_related("agreement")
                    .order_by("deadline_date", "pk")
                )
                if not rows:
                    continue  # another run sent it
                message = mail.digest(user, rows, as_of)
                message.send(fail_silently=False)
                Reminder.objects.filter(pk__in=[r.pk for r in rows], sent_at__isnull=True).update(sent_at=timezone.now())
                outcome.sent.append((user.email, str(message.subject)))
        except OSError as e:
            log.warning("digest to %s not sent: %s", user.email, e)
            outcome.failed.append((user.email, "weekoverzicht"))


def send(*, actor: Any, as_of: date | None = None, agreement: Agreement | None = None) -> Outcome:
    """Send the reminders due on `as_of` (default today) for `agreement` (default every loaded agreement).

    Run from the command line (`samen reminders send`) and by the worker's daily task; a user with the
    permission `send_reminders` may run it too. Running it again the same day sends nothing new.
    """
    permissions.require(actor, "send_reminders")
    as_of = as_of or timezone.localdate()
    problem = date_problem(as_of, "as_of")
    if problem is not None:
        raise InvalidInput(problem.code, problem.message, field=problem.field)
    agreements = [agreement] if agreement is not None else list(Agreement.objects.order_by("slug"))
    outcome = Outcome(as_of=as_of)
    with translation.override("nl"):  # samen keeps no language per user: mails in Dutch, the agreement's language
        for a in agreements:
            for due in list(queries.due(a, as_of)):
                if not _already(due):
                    _deliver(due, as_of, outcome)
        send_digests(as_of, outcome, agreements)
    return outcome


# --- the schedule: the daily task on the database-backed queue (samen.reminders.tasks) ------------------------


def _task_path() -> str:
    from samen.reminders import tasks

    return tasks.daily.module_path


def next_run(now: datetime | None = None) -> datetime:
    """When the daily run goes next: today at SAMEN_REMINDER_HOUR (local time) if that is still ahead, else tomorrow."""
    now = timezone.localtime(now or timezone.now())
    at = now.replace(hour=int(settings.SAMEN_REMINDER_HOUR), minute=0, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)


def schedule_next(*, now: bool = False) -> bool:
    """Queue the daily run (at `next_run`, or at once with `now`) unless one is already waiting; True if queued.

    The check and the enqueue run under the audit's write lock, so two workers queue it once.
    """
    from django_tasks_db.models import DBTaskResult

    from samen.audit import services as audit
    from samen.reminders import tasks

    with transaction.atomic():
        audit.lock_for_write()
        if DBTaskResult.objects.filter(task_path=_task_path(), status="READY").exists():
            return False
        job = tasks.daily if now else tasks.daily.using(run_after=next_run())
        job.enqueue()
    return True


def run_worker(*, batch: bool = False) -> None:
    """`samen reminders worker`: queue the daily run at once if none waits, then run django-tasks-db's worker.

    Lives here because the worker writes the queue's rows (the tasks framework's own table, not records).
    """
    from django.core.management import call_command

    schedule_next(now=True)
    call_command("db_worker", "--no-reload", *(["--batch"] if batch else []))
