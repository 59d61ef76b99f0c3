"""Reminders by e-mail (issue 9): who gets which, each exactly once, the weekly digest, the command and the queue."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from samen import cli
from samen.accounts import services as accounts
from samen.accounts.models import Role, User
from samen.core.errors import InvalidInput, NotAllowed
from samen.parties.models import Party
from samen.records.services import record_fact
from samen.reminders import queries, services
from samen.reminders.models import Reminder

ACTOR = "system:test"
EVALUATION_EVE = date(2026, 10, 15)  # the demo's evaluation is due 1 November 2026: 17 days ahead


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox


def _to(box) -> list[str]:
    return sorted(addr for m in box for addr in m.to)


def test_the_demo_reminds_the_secretariat_and_the_parties_of_the_evaluation_once(demo, outbox):
    outcome = services.send(actor=ACTOR, as_of=EVALUATION_EVE)
    assert _to(outbox) == ["hengelo@samen.example", "secretariaat@samen.example"]  # not the chair, finance or the observer
    body = outbox[0].body
    assert "Evaluatie uiterlijk" in body and "1 november 2026" in body and "art. 3 lid 3" in body
    assert "/uitleg/deadline.term.evaluation-due/" in body and "over 17 dagen" in body
    assert "€" not in body  # no amounts in mails
    assert len(outcome.sent) == 2
    assert Reminder.objects.filter(kind="before-30", sent_at__isnull=False).count() == 2

    again = services.send(actor=ACTOR, as_of=EVALUATION_EVE)
    assert again.sent == [] and len(outbox) == 2
    # A week before the date the nearer reminder goes; after the date, the "passed" one; each once.
    services.send(actor=ACTOR, as_of=date(2026, 10, 26))
    services.send(actor=ACTOR, as_of=date(2026, 10, 27))
    services.send(actor=ACTOR, as_of=date(2026, 11, 3))
    services.send(actor=ACTOR, as_of=date(2026, 11, 4))
    kinds = sorted(Reminder.objects.filter(user__username="hengelo").values_list("kind", flat=True))
    assert kinds == ["before-30", "before-7", "passed"]
    assert len(outbox) == 6
    assert "Termijn verstreken" in str(outbox[-1].subject)


def test_a_first_run_long_after_a_deadline_does_not_mail_history(demo, outbox):
    services.send(actor=ACTOR, as_of=date(2027, 1, 31))  # evaluation (Nov 2026) and budget (Dec 2026) long passed
    assert not any("Evaluatie" in str(m.subject) for m in outbox)


def test_a_dispute_reaches_only_its_parties_the_chair_and_the_secretariat(demo, outbox):
    # Between Almelo and Oldenzaal: the demo's chair sits for Enschede, so the chair phase applies (art. 14 lid 4).
    almelo = Party.objects.get(agreement=demo, code="GM0141")
    accounts.create_account(
        actor=ACTOR, username="almelo", role=Role.REPRESENTATIVE, agreement=demo, password="x", party=almelo, email="a@samen.example"
    )
    record_fact(
        actor=ACTOR,
        agreement=demo,
        raw={"fact": "dispute-notified", "dispute": "G-1", "by": "GM0141", "against": ["GM0173"], "date": "2026-10-01"},
    )
    services.send(actor=ACTOR, as_of=date(2026, 11, 6))  # the chair phase (six weeks, art. 14 lid 3) ends 12 November
    dispute = [m for m in outbox if "G-1" in str(m.subject)]
    assert _to(dispute) == ["a@samen.example", "secretariaat@samen.example", "voorzitter@samen.example"]
    assert not any("G-1" in m.body for m in outbox if "hengelo@samen.example" in m.to)  # Hengelo is not involved


def test_a_weekly_digest_collects_the_reminders_and_goes_once(demo, outbox):
    hengelo = User.objects.get(username="hengelo")
    accounts.set_reminder_delivery(actor=hengelo, user=hengelo, delivery="weekly")
    outcome = services.send(actor=ACTOR, as_of=EVALUATION_EVE)  # a Thursday
    assert _to(outbox) == ["secretariaat@samen.example"]
    assert outcome.queued == [("hengelo@samen.example", "Evaluatie uiterlijk")]
    services.send(actor=ACTOR, as_of=date(2026, 10, 16))
    assert len(outbox) == 1
    services.send(actor=ACTOR, as_of=date(2026, 10, 19))  # Monday: the digest day
    digest = [m for m in outbox if "hengelo@samen.example" in m.to]
    assert len(digest) == 1 and str(digest[0].subject) == "Weekoverzicht: 1 termijn"
    assert "Evaluatie uiterlijk" in digest[0].body and "Liever elke herinnering meteen?" in digest[0].body
    services.send(actor=ACTOR, as_of=date(2026, 10, 19))
    services.send(actor=ACTOR, as_of=date(2026, 10, 26))
    assert len([m for m in outbox if "hengelo@samen.example" in m.to]) == 2  # the 26th: the before-7 reminder's digest
    assert Reminder.objects.filter(user=hengelo, sent_at__isnull=True).count() == 0


def test_the_loser_of_a_race_sends_nothing(demo, outbox):
    """Past its check, a run that finds the reminder claimed by another (the unique constraint) skips it."""
    due = next(d for d in queries.due(demo, EVALUATION_EVE) if d.user.username == "hengelo")
    first = services.Outcome(as_of=EVALUATION_EVE)
    services._deliver(due, EVALUATION_EVE, first)
    second = services.Outcome(as_of=EVALUATION_EVE)
    services._deliver(due, EVALUATION_EVE, second)  # as a second worker that checked before the first committed
    assert len(first.sent) == 1 and second.sent == [] and second.failed == []
    assert len(outbox) == 1 and Reminder.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once_on_postgresql(outbox):
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database refuses a second writer at once; see the two processes below")
    from samen import demo as demo_data
    from samen.agreements.services import load_definition

    agreement = load_definition(actor=ACTOR, slug="twente-vth-2024")
    demo_data.load(agreement=agreement)
    start = threading.Barrier(2)
    crashed: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            services.send(actor=ACTOR, as_of=EVALUATION_EVE)
        except BaseException as e:
            crashed.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert crashed == []
    assert _to(outbox) == ["hengelo@samen.example", "secretariaat@samen.example"]
    assert Reminder.objects.count() == 2


def test_choosing_the_digest_is_the_users_own_audited_choice(demo):
    from samen.audit.models import AuditEntry

    hengelo = User.objects.get(username="hengelo")
    secretariaat = User.objects.get(username="secretariaat")
    with pytest.raises(NotAllowed):
        accounts.set_reminder_delivery(actor=secretariaat, user=hengelo, delivery="weekly")
    with pytest.raises(InvalidInput) as bad:
        accounts.set_reminder_delivery(actor=hengelo, user=hengelo, delivery="monthly")
    assert bad.value.field == "reminder_delivery"
    accounts.set_reminder_delivery(actor=hengelo, user=hengelo, delivery="weekly")
    entry = AuditEntry.objects.filter(action="account.reminder-delivery").get()
    assert entry.after["reminder_delivery"] == "weekly"
    with pytest.raises(InvalidInput):
        accounts.set_email(actor=hengelo, user=hengelo, email="geen adres")


@pytest.mark.django_db(transaction=True)
def test_samen_reminders_send_on_the_demo_writes_mail_files_once(twente, settings, tmp_path, capsys):
    from samen import demo as demo_data

    demo_data.load(agreement=twente)
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    assert cli.main(["reminders", "send", "--as-of", "2026-10-15"]) == 0
    out = capsys.readouterr().out
    files = list((tmp_path / "mail").iterdir())
    assert len(files) >= 1
    assert "verstuurd aan secretariaat@samen.example" in out
    assert "Evaluatie uiterlijk" in files[0].read_text(encoding="utf-8")
    assert cli.main(["reminders", "send", "--as-of", "2026-10-15"]) == 0
    assert "0 e-mails verstuurd" in capsys.readouterr().out
    assert len(list((tmp_path / "mail").iterdir())) == len(files)  # running it again writes none
    assert cli.main(["audit", "verify"]) == 0


@pytest.mark.django_db(transaction=True)
def test_a_bad_date_exits_2_with_a_clear_message(twente, capsys):
    assert cli.main(["reminders", "send", "--as-of", "2026-13-01"]) == 2
    assert "geen geldige datum '2026-13-01'" in capsys.readouterr().err
    assert cli.main(["reminders", "send", "--as-of", "1800-01-01"]) == 2
    assert cli.main(["reminders", "send", "--agreement", "nope"]) == 2


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection between tasks
def test_the_daily_task_queues_itself_once_and_the_worker_runs_it(twente, outbox):
    from django_tasks_db.models import DBTaskResult

    from samen import demo as demo_data

    demo_data.load(agreement=twente)

    assert services.schedule_next() is True
    assert services.schedule_next() is False  # one waiting run is enough, also with two workers
    waiting = DBTaskResult.objects.get()
    assert waiting.status == "READY" and timezone.localtime(waiting.run_after).hour == 7
    DBTaskResult.objects.all().delete()
    services.run_worker(batch=True)  # queues a run now and works the queue until it is empty
    done = DBTaskResult.objects.filter(status="SUCCESSFUL").get()
    assert set(done.return_value) == {"as_of", "sent", "queued", "failed"}
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # tomorrow's run


def test_the_account_page_saves_the_choice_through_the_service(demo):
    from samen.audit.models import AuditEntry
    from tests.two_factor import log_in

    client = log_in(Client(), "hengelo")
    page = client.get("/account/")
    assert page.status_code == 200 and "Herinneringen per e-mail" in page.content.decode()
    response = client.post("/account/herinneringen/", {"reminder_delivery": "weekly"})
    assert response.status_code == 302 and response["Location"] == "/account/?herinneringen=opgeslagen#herinneringen"
    assert User.objects.get(username="hengelo").reminder_delivery == "weekly"
    assert AuditEntry.objects.filter(action="account.reminder-delivery").count() == 1
    assert client.post("/account/herinneringen/", {"reminder_delivery": "daily"}).status_code == 400
    assert "opgeslagen" in client.get("/account/?herinneringen=opgeslagen").content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_operator_gives_accounts_an_address_from_the_command_line(twente, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("een-lang-en-sterk-wachtwoord-2026\n"))
    argv = ["account", "create", "j.jansen", "--role", "secretariat", "--email", "j.jansen@enschede.example", "--password-stdin"]
    assert cli.main(argv) == 0
    assert User.objects.get(username="j.jansen").email == "j.jansen@enschede.example"
    assert cli.main(["account", "email", "j.jansen", "jj@enschede.example"]) == 0
    assert User.objects.get(username="j.jansen").email == "jj@enschede.example"
    assert cli.main(["account", "email", "j.jansen", "geen-adres"]) == 2
    assert "account.email" in capsys.readouterr().err
    assert cli.main(["account", "email", "niemand", "x@y.example"]) == 2
    assert cli.main(["audit", "verify"]) == 0


def test_who_is_responsible_for_which_deadline(demo):
    hengelo = User.objects.get(username="hengelo")  # GM0164
    by_role = {u.username: u for u in User.objects.filter(username__in=["secretariaat", "voorzitter", "financien", "waarnemer"])}

    def deadline(procedure: str, ref: str, step: str) -> dict:
        return {"procedure": procedure, "ref": ref, "step": step}

    exit_hengelo = deadline("withdrawal", "GM0164", "exit")
    exit_almelo = deadline("withdrawal", "GM0141", "exit")
    chair_phase = deadline("dispute", "G-1", "chair-phase-end")
    mediation = deadline("dispute", "G-1", "mediation-end")
    budget = deadline("budget", "2027", "budget-consent-due")
    assert queries.responsible(hengelo, exit_hengelo) and not queries.responsible(hengelo, exit_almelo)
    assert queries.responsible(hengelo, budget)
    assert queries.responsible(by_role["voorzitter"], chair_phase) and not queries.responsible(by_role["voorzitter"], mediation)
    assert not queries.responsible(by_role["voorzitter"], budget)
    assert all(queries.responsible(by_role["secretariaat"], d) for d in (exit_almelo, chair_phase, mediation, budget))
    assert not any(queries.responsible(by_role[u], d) for u in ("financien", "waarnemer") for d in (exit_hengelo, chair_phase, budget))


@pytest.mark.parametrize(
    ("status", "day", "kind"),
    [
        ("open", "2026-11-20", None),  # 36 days ahead
        ("open", "2026-11-14", "before-30"),
        ("open", "2026-10-22", "before-7"),
        ("open", "2026-10-15", "before-7"),  # today
        ("overdue", "2026-10-14", "passed"),
        ("passed", "2026-10-01", "passed"),
        ("overdue", "2026-09-30", None),  # 15 days ago: beyond the window
        ("met", "2026-10-14", None),
    ],
)
def test_which_reminder_a_deadline_calls_for(status, day, kind):
    assert queries.kind_for({"status": status, "date": day}, EVALUATION_EVE, (30, 7), 14) == kind


def test_two_processes_at_once_on_a_sqlite_file_send_each_reminder_once(tmp_path):
    """The production path on SQLite: a database file, BEGIN IMMEDIATE, two `samen reminders send` started together."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    samen = str(Path(sys.executable).with_name("samen"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(SAMEN_VAR_DIR=str(tmp_path), SAMEN_AUDIT_KEY_FILE=str(tmp_path / "audit.key"), SAMEN_DEMO="1")
    env.pop("SAMEN_EMAIL_HOST", None)
    subprocess.run([samen, "setup"], env=env, check=True, capture_output=True, timeout=300)
    runs = [
        subprocess.Popen(
            [samen, "reminders", "send", "--as-of", "2026-10-15"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    sent = [line for out, _ in outputs for line in out.splitlines() if line.startswith("verstuurd aan")]
    assert sorted(sent) == [
        "verstuurd aan hengelo@samen.example: Herinnering: Evaluatie uiterlijk op 1 november 2026",
        "verstuurd aan secretariaat@samen.example: Herinnering: Evaluatie uiterlijk op 1 november 2026",
    ]
    # Django's file backend names a file by the second and an object's id, and appends: two processes may share one
    # file, so the messages are counted, not the files.
    mails = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    assert sorted(re.findall(r"^To: (.+)$", mails, flags=re.MULTILINE)) == ["hengelo@samen.example", "secretariaat@samen.example"]


def test_a_choice_changed_behind_the_service_shows_in_the_audit_replay(demo):
    from samen.audit import services as audit

    hengelo = User.objects.get(username="hengelo")
    accounts.set_reminder_delivery(actor=hengelo, user=hengelo, delivery="weekly")
    assert audit.replay() == []
    User.objects.filter(pk=hengelo.pk).update(reminder_delivery="immediate")  # past the service
    assert [m.field for m in audit.replay()] == ["reminder_delivery"]
