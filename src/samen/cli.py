"""The `samen` command: serve, setup, check, evaluate, audit, parties, import-text, export, reminders, invoices.

Exit codes: 0 fine, 1 findings or refused, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    import django

    django.setup()


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen geldige datum {value!r}: gebruik JJJJ-MM-DD") from None


def _jobs(value: str) -> int:
    """`--jobs N` of `samen check --all` and `samen audit verify`: a whole number of processes, at least 1."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is geen aantal processen: gebruik een geheel getal vanaf 1")
    return int(value)


def _agreement(slug: str | None) -> Any:
    from django.conf import settings

    from samen.agreements.models import Agreement
    from samen.core.errors import NotFound

    slug = slug or settings.SAMEN_DEFAULT_AGREEMENT
    found = Agreement.objects.filter(slug=slug).first()
    if found is None:
        raise NotFound("agreement.unknown", f"Overeenkomst {slug!r} is niet geladen; draai eerst `samen setup`.", field="agreement")
    return found


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve with gunicorn (production); Django's development server only with --dev."""
    from django.conf import settings

    from samen.ops import files

    os.umask(files.PRIVATE_UMASK)  # the database, uploads and logs this process creates: 0600 / 0700
    files.prepare_var()
    print(f"samen draait op http://{args.host}:{args.port}/" + (" (ontwikkelserver)" if args.dev else ""))
    if settings.DEMO_MODE:
        print("Inloggen (demo): secretariaat, voorzitter, hengelo, financien of waarnemer")
        print(f"Wachtwoord: {settings.DEMO_PASSWORD}  (SAMEN_DEMO_PASSWORD)")
        print(
            "secretariaat, voorzitter en financien geven daarna een code uit een authenticator-app met het geheim "
            f"{settings.DEMO_TOTP_SECRET}  (SAMEN_DEMO_TOTP_SECRET; de inlogpagina toont het ook)"
        )
    sys.stdout.flush()
    if args.dev:
        from django.core.management import call_command

        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, use_threading=True)
        return 0
    from samen.ops.server import run_gunicorn

    run_gunicorn(args.host, args.port)
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from samen import demo
    from samen.agreements import registry, services
    from samen.ops import files

    with files.private_umask():  # a new SQLite database and var/ are created 0600 / 0700
        files.prepare_var()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)  # the cache the API's rate limit counts in (settings.CACHES)
    for slug in registry.available():
        agreement = services.load_definition(actor="system:setup", slug=slug)
        print(f"overeenkomst geladen: {slug}")
        text = registry.definition_path(slug).with_suffix(".txt")
        has_text = agreement.articles.exclude(text="").exists() or agreement.articles.filter(leden__isnull=False).exists()
        if text.is_file() and not has_text:
            services.import_text(actor="system:setup", agreement=agreement, text=text.read_text(encoding="utf-8"))
            print(f"tekst van de overeenkomst ingelezen: {text.name}")
    if settings.DEMO_MODE and not args.no_demo:
        demo.load(agreement=_agreement(None))
        print("demogegevens geladen")
    if not args.no_static:
        call_command("collectstatic", interactive=False, verbosity=0)
    _setup_audit_signing()
    return 0


def _setup_audit_signing() -> None:
    """Create the checkpoint signing key outside the database when missing, and sign the head."""
    from samen.audit import keys
    from samen.audit import services as audit

    _, created = keys.ensure_key()
    if created:
        print(f"ondertekeningssleutel voor de auditketen gemaakt: {keys.key_file()} (0600; bewaar hem buiten de database)")
    if audit.head()[1]:
        checkpoint = audit.make_checkpoint()
        print(f"auditketen ondertekend: controlepunt #{checkpoint.seq}")


def _check_answer(agreement: Any, as_of: date, language: str) -> tuple[Any, list[dict[str, Any]]]:
    """What `samen check` reports for one agreement, alone or with --all: the rules' answer over the recorded facts,
    and the findings from outside the rules (`records.findings.FINDING_PROVIDERS`: an overdue invoice, art. 7 lid 2)."""
    from samen.records.findings import gather
    from samen.records.queries import evaluate_recorded

    return evaluate_recorded(agreement, as_of=as_of, language=language), gather(None, agreement, as_of, language)


def _check_exit(answer: Any, extra: list[dict[str, Any]]) -> int:
    """1 when the answer or the findings beside it hold an error, else 0."""
    return 1 if any(f.severity == "error" for f in answer.findings) or any(f["severity"] == "error" for f in extra) else 0


def cmd_check(args: argparse.Namespace) -> int:
    from samen.core.errors import InvalidInput
    from samen.records.findings import with_findings
    from samen.rules.facts import date_problem
    from samen.rules.scenario import render_check

    if args.all and args.agreement:
        raise InvalidInput("check.all-or-agreement", "Geef --all of --agreement, niet allebei.", field="all")
    if args.jobs is not None and not args.all:
        raise InvalidInput("check.jobs-without-all", "--jobs geldt alleen met --all (alle overeenkomsten).", field="jobs")
    as_of = args.as_of or date.today()
    out_of_range = date_problem(as_of, "--as-of")
    if out_of_range is not None:
        raise InvalidInput(out_of_range.code, out_of_range.message, field=out_of_range.field)
    if args.all:
        return _check_all(args, as_of)
    agreement = _agreement(args.agreement)
    answer, extra = _check_answer(agreement, as_of, args.lang)
    if args.json:
        print(json.dumps(with_findings(answer.to_json(), extra), ensure_ascii=False, indent=2))
    else:
        print(render_check(answer), end="")
        for f in extra:
            print(f"[{f['severity']}] {f['code']} ({', '.join(f['articles'])}): {f['message']}")
    return _check_exit(answer, extra)


def _check_all(args: argparse.Namespace, as_of: date) -> int:
    """`samen check --all`: every agreement on the server, one result per agreement as soon as it is done.

    Each agreement is checked exactly as `samen check --agreement SLUG` checks it (`_check_answer`: the rules
    over that agreement's facts and the findings beside them), but the facts and the findings are read for
    `records.queries.CHUNK` agreements at a time in a fixed number of queries (`stored_facts_many`,
    `findings.gather_many`), and each agreement of the chunk is then evaluated and printed in turn. With --json one
    JSON line per agreement: `samen check --json`'s answer plus `agreement` and `exit` (that agreement's exit
    code); a readable line otherwise. An agreement that cannot be evaluated (its definition file missing or
    broken) gets a line with `error` and the others are still checked. The exit code is the highest over the
    agreements: 0 none has an error finding, 1 at least one has (or could not be read), 2 a broken definition.
    A progress bar goes to stderr only when stderr is a terminal.

    With more than one job (`--jobs`, by default the number of CPUs this process may use) the agreements are
    checked in worker processes (`_check_in_workers`), a slice of them per task (`_check_task_size`), each worker
    reading and evaluating its slices as above; this process prints the results in agreement order as the slices
    come back. One job, too few agreements to share, or a database another process cannot read the same
    (`_check_jobs`): they are checked here.
    """
    from samen.agreements.models import Agreement

    agreements = list(Agreement.objects.order_by("slug"))
    size = _check_task_size(len(agreements), args.jobs or _cpus())
    jobs = _check_jobs(args.jobs, len(agreements), size)
    if jobs > 1:
        results = _check_in_workers(agreements, as_of, args.lang, args.json, jobs, size)
    else:
        results = _check_here(agreements, as_of, args.lang, args.json)
    bar = sys.stderr.isatty()
    worst = 0
    try:
        for done, (slug, code, line) in enumerate(results, start=1):
            worst = max(worst, code)
            if bar:
                sys.stderr.write("\r\x1b[K")  # clear the bar before the result line, then draw it again below
                sys.stderr.flush()
            try:
                print(line, flush=True)
            except BrokenPipeError:  # the reader stopped (`| head`): stop checking, quietly
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return worst
            if bar:
                width = 30
                filled = width * done // len(agreements)
                sys.stderr.write(f"[{'#' * filled}{'.' * (width - filled)}] {done}/{len(agreements)} {slug}")
                sys.stderr.flush()
    finally:
        results.close()  # the workers' pool is shut down, also when stopping early
    if bar:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()
    if not args.json:
        print(f"{len(agreements)} overeenkomsten gecontroleerd per {as_of.isoformat()}", file=sys.stderr)
    return worst


def _check_here(agreements: list[Any], as_of: date, language: str, as_json: bool) -> Iterator[tuple[str, int, str]]:
    """Each agreement's slug, exit code and result line (`_check_line`), checked in this process, in order."""
    for agreement, stored, extra in _read_in_chunks(agreements, as_of, language):
        code, line = _check_line(agreement, stored, extra, as_of, language, as_json)
        yield agreement.slug, code, line


def _check_line(
    agreement: Any, stored: list[Any], extra: list[dict[str, Any]], as_of: date, language: str, as_json: bool
) -> tuple[int, str]:
    """One agreement's exit code and the line `check --all` prints for it, from its facts and findings already read."""
    from samen.core.errors import ServiceError
    from samen.records.findings import with_findings
    from samen.records.queries import evaluate_stored
    from samen.rules.definition import DefinitionError

    line: dict[str, Any]
    try:
        answer = evaluate_stored(agreement, stored, as_of=as_of, language=language)
    except (ServiceError, DefinitionError) as e:
        code = e.exit_code if isinstance(e, ServiceError) else 2
        message = f"{e.code}: {e.message}" if isinstance(e, ServiceError) else f"fout in overeenkomst: {e}"
        line = {"agreement": agreement.slug, "exit": code, "error": message}
        text = f"{agreement.slug}: niet gecontroleerd: {message}"
    else:
        code = _check_exit(answer, extra)
        if as_json:
            line = {"agreement": agreement.slug, "exit": code, **with_findings(answer.to_json(), extra)}
        else:
            severities = [f.severity for f in answer.findings] + [f["severity"] for f in extra]
            counts = {s: severities.count(s) for s in ("error", "warning", "info")}
            todo = sum(1 for d in answer.deadlines if d.status in ("overdue", "open"))
            text = (
                f"{agreement.slug}: {counts['error']} fout, {counts['warning']} let op, {counts['info']} info; "
                f"{todo} termijnen vragen aandacht"
            )
    # No check for circular references: an answer's JSON is a tree (the same text, a little sooner).
    return code, json.dumps(line, ensure_ascii=False, check_circular=False) if as_json else text


def _read_in_chunks(agreements: list[Any], as_of: date, language: str) -> Iterator[tuple[Any, list[Any], list[dict[str, Any]]]]:
    """Each agreement with its stored facts (`stored_facts_many`) and the findings beside the rules
    (`findings.gather_many`), both read for `records.queries.CHUNK` agreements at a time."""
    from samen.records.findings import gather_many
    from samen.records.queries import CHUNK, stored_facts_many

    for start in range(0, len(agreements), CHUNK):
        chunk = agreements[start : start + CHUNK]
        found = gather_many(None, chunk, as_of, language)
        for agreement, stored in stored_facts_many(chunk, None, chunk=CHUNK):
            yield agreement, stored, found[agreement.pk]


TASK_MIN = 10
"""The fewest agreements a worker of `check --all` is given at once: fewer would cost more in queries and messages
than they save."""
TASK_MAX = 50
"""The most agreements a worker of `check --all` is given at once: the first result is printed when the first task is
done."""


def _cpus() -> int:
    """The number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check_task_size(count: int, jobs: int) -> int:
    """How many agreements one task of `check --all`'s workers checks: at least four tasks per worker, so that the
    workers finish close together, between TASK_MIN and TASK_MAX."""
    return max(TASK_MIN, min(TASK_MAX, -(-count // (4 * max(jobs, 1)))))


def _task_slices(count: int, jobs: int, size: int) -> Iterator[tuple[int, int]]:
    """The tasks of `check --all`'s workers as (first, last) slices of the agreements in order: `size` each while
    plenty remain, then smaller as the end nears (what remains shared over twice the workers, at least TASK_MIN), so
    that the workers finish close together rather than one checking a whole last task while the others wait."""
    first = 0
    while first < count:
        remaining = count - first
        take = min(size, max(TASK_MIN, -(-remaining // (2 * max(jobs, 1)))), remaining)
        yield first, first + take
        first += take


def _check_jobs(requested: int | None, count: int, size: int) -> int:
    """How many worker processes check `count` agreements in tasks of `size`: `requested` (None: one per CPU), no
    more than there are tasks; 1 (check here) when this process holds an open transaction (the workers' own
    connections would not see what it has not committed) or the database is SQLite in memory (theirs would be
    empty)."""
    from django.db import connection

    if connection.in_atomic_block or (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        return 1
    return max(1, min(requested or _cpus(), -(-count // size)))


def _check_in_workers(
    agreements: list[Any], as_of: date, language: str, as_json: bool, jobs: int, size: int
) -> Iterator[tuple[str, int, str]]:
    """`_check_here` in `jobs` worker processes, a task of `size` agreements at a time, in order: each task's results
    are yielded as soon as it and the ones before it are done, with at most two tasks per worker under way (so
    that a slow reader of the output holds back the work, not the memory)."""
    import gc
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    from django.db import connections

    # A connection must not be shared across fork: the workers open their own.
    connections.close_all()
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        # What every worker imports is imported once, here, and shared; the objects made so far are left out of the
        # garbage collector's walks (until the end, below), which would otherwise touch, and so copy, every shared
        # page in each worker.
        from samen.records import findings, queries  # noqa: F401
        from samen.rules import scenario  # noqa: F401

        for path in findings.FINDING_PROVIDERS:
            findings._provider(path)
        gc.freeze()
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_check_worker, initargs=(method,))
    tasks = (agreements[first:last] for first, last in _task_slices(len(agreements), jobs, size))
    pending: deque[Future[list[tuple[str, int, str]]]] = deque()
    try:
        for task in tasks:
            pending.append(pool.submit(_check_task, task, as_of, language, as_json))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)
        if method == "fork":
            gc.unfreeze()


def _check_worker(method: str) -> None:
    """A worker process of `check --all` starts: Django set up (a spawned one starts without it), its database
    connections closed when it ends, and Ctrl-C left to the parent, which stops the pool."""
    import signal
    from multiprocessing.util import Finalize

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if method != "fork":
        _django()
    from django.db import connections

    Finalize(connections, connections.close_all, exitpriority=10)


def _check_task(agreements: list[Any], as_of: date, language: str, as_json: bool) -> list[tuple[str, int, str]]:
    """One task of a worker of `check --all`: `_check_here` over `agreements`."""
    return list(_check_here(agreements, as_of, language, as_json))


def _head_argument(values: list[str] | None, count: int | None) -> tuple[str | None, int | None]:
    """`--head HASH`, `--head HASH COUNT` or `--head "HASH COUNT"` (what `samen audit head` prints)."""
    from samen.core.errors import InvalidInput

    if not values:
        if count is not None:
            raise InvalidInput("audit.head-required", "--count hoort bij --head HASH.", field="count")
        return None, None
    parts = " ".join(values).split()
    if len(parts) > 2:
        raise InvalidInput("audit.head", "Gebruik --head HASH [AANTAL], zoals `samen audit head` het toont.", field="head")
    head = parts[0].lower()
    if len(head) != 64 or any(c not in "0123456789abcdef" for c in head):
        raise InvalidInput("audit.head", f"{parts[0]!r} is geen SHA-256-hash (64 hexadecimale tekens).", field="head")
    if len(parts) == 2:
        if not parts[1].isdigit():
            raise InvalidInput("audit.count", f"{parts[1]!r} is geen aantal regels.", field="count")
        if count is not None and count != int(parts[1]):
            raise InvalidInput("audit.count", "--count en het aantal na --head verschillen.", field="count")
        count = int(parts[1])
    return head, count


def cmd_cache(args: argparse.Namespace) -> int:
    """`samen cache clear`: forget every cached answer (records.answers), in the shared table too. Only needed after
    rows were changed past samen's services (by hand in the database): every write through samen moves the key."""
    from samen.records import answers

    answers.clear(shared=True)
    print("bewaarde antwoorden vergeten")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from samen.audit import keys
    from samen.audit import services as audit

    if args.audit_command == "verify":
        expected_head, expected_count = _head_argument(args.head, args.count)
        report = audit.verify_all(
            expected_head=expected_head,
            expected_count=expected_count,
            public_key_files=args.public_key,
            check_mac=not args.skip_mac,
            jobs=args.jobs,
        )
        if report.intact:
            print(f"auditketen intact: {report.chain.count} regels, kop {report.chain.head}")
            if expected_head:
                print("de opgegeven kop staat op zijn plaats in de keten")
            print(f"ondertekende controlepunten geldig: {report.checkpoints} (logboek naast de sleutel: {report.journaled})")
            print(f"tabellen komen overeen met de auditketen: {report.objects} objecten")
            return 0
        print(f"auditketen NIET in orde: {report.problems[0]}", file=sys.stderr)
        for problem in report.problems[1:20]:
            print(f"  ook: {problem}", file=sys.stderr)
        return 1
    if args.audit_command == "checkpoint":
        checkpoint = audit.make_checkpoint()
        print(f"controlepunt #{checkpoint.seq} ondertekend", file=sys.stderr)
        print(audit.latest_checkpoint_text(), end="")
        return 0
    if args.audit_command == "rotate-key":
        before = audit.make_checkpoint()
        old, new = keys.rotate_key()
        after = audit.make_checkpoint()
        print(f"controlepunt #{before.seq} ondertekend met de oude sleutel {old}", file=sys.stderr)
        print(f"nieuwe sleutel {new}; de oude publieke sleutel staat in {keys.retired_file()}", file=sys.stderr)
        print(f"controlepunt #{after.seq} ondertekend met de nieuwe sleutel; geef de partijen `samen audit public-key`", file=sys.stderr)
        return 0
    if args.audit_command == "public-key":
        from samen.core.errors import Refused

        path = keys.key_file()
        if not path.is_file():
            raise Refused(
                "audit.no-signing-key", f"Geen ondertekeningssleutel in {path}; `samen setup` maakt er een.", field=keys.KEY_FILE_ENV
            )
        public = keys.load_private_key(path).public_key()
        print(keys.public_pem(public), end="")
        print(f"# SHA-256: {keys.fingerprint(public)}", file=sys.stderr)
        return 0
    head, count = audit.head()
    print(json.dumps({"head": head, "count": count}) if args.json else f"{head} {count}")
    return 0


def cmd_parties(args: argparse.Namespace) -> int:
    from samen.parties import services
    from samen.parties.models import Party

    agreement = _agreement(args.agreement)
    if args.parties_command == "add":
        party = services.add_party(actor="system:cli", agreement=agreement, code=args.code, name=args.name or "")
        print(f"partij toegevoegd: {party}")
        return 0
    for p in Party.objects.filter(agreement=agreement):
        print(f"{p.code:8} {p.name}")
    return 0


def cmd_import_text(args: argparse.Namespace) -> int:
    from samen.agreements import services
    from samen.core.errors import InvalidInput

    agreement = _agreement(args.agreement)
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput("text.unreadable", f"Kan {args.file} niet lezen: {e}", field="FILE") from None
    parsed = services.import_text(actor="system:cli", agreement=agreement, text=text)
    for a in parsed:
        leden = ", ".join(lid.number for lid in a.leden) or "-"
        print(f"art. {a.number:>2} {a.title}: leden {leden}")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from samen.accounts import services
    from samen.accounts.models import User
    from samen.core.errors import InvalidInput

    if args.token_command == "list":
        user = None
        if args.username:
            user = User.objects.filter(username=args.username).first()
            if user is None:
                raise InvalidInput("account.unknown", f"Geen gebruiker {args.username!r}.", field="USER")
        for t in services.tokens_of(user):
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "nooit"
            print(f"{t.pk:>5} {t.user.username:16} {t.status:8} vervalt {t.expires_at:%Y-%m-%d}  gebruikt {used:16} {t.label}")
        return 0
    if args.token_command == "revoke":
        token = services.revoke_api_token(actor="system:cli", token_id=args.id)
        print(f"token {token.pk} ({token.user.username}, {token.label}) ingetrokken")
        return 0
    _, key = services.create_api_token(actor="system:cli", username=args.username, label=args.label)
    print(key)
    return 0


def _new_password(args: argparse.Namespace) -> str:
    """The new account's password: one line on standard input (--password-stdin), or typed twice at a prompt."""
    import getpass

    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from samen.core.errors import InvalidInput

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Nogmaals: ") != password:
            raise InvalidInput("account.password-mismatch", "De twee wachtwoorden verschillen.", field="password")
    try:
        validate_password(password)
    except ValidationError as e:
        raise InvalidInput("account.password-weak", " ".join(e.messages), field="password") from None
    return password


def cmd_account(args: argparse.Namespace) -> int:
    """Accounts from the command line (an operator's first accounts): through the accounts service, audited."""
    from samen.accounts import services
    from samen.accounts.models import User
    from samen.core.errors import InvalidInput
    from samen.parties.models import Party

    if args.account_command == "email":
        found = User.objects.filter(username=args.username).first()
        if found is None:
            raise InvalidInput("account.unknown", f"Geen gebruiker {args.username!r}.", field="USER")
        services.set_email(actor="system:cli", user=found, email=args.address)
        print(f"e-mailadres gewijzigd: {found.username} <{args.address.strip() or '-'}>")
        return 0
    agreement = _agreement(args.agreement)
    party = None
    if args.party:
        party = Party.objects.filter(agreement=agreement, code=args.party.upper()).first()
        if party is None:
            raise InvalidInput("account.party-unknown", f"Geen partij {args.party!r} in {agreement.slug}.", field="party")
    if args.account_command == "create":
        user = services.create_account(
            actor="system:cli",
            username=args.username,
            role=args.role,
            agreement=agreement,
            password=_new_password(args),
            display_name=args.name or "",
            party=party,
            email=args.email or "",
        )
        print(f"account gemaakt: {user.username} ({user.role})")
        return 0
    user = User.objects.filter(username=args.username).first()
    if user is None:
        raise InvalidInput("account.unknown", f"Geen gebruiker {args.username!r}.", field="USER")
    services.change_role(actor="system:cli", user=user, role=args.role, party=party)
    print(f"rol gewijzigd: {user.username} is nu {args.role}")
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    from samen.core.errors import InvalidInput
    from samen.records.services import record_fact
    from samen.rules.facts import ScenarioError, parse_json

    try:
        raw = parse_json(args.fact, field="FACT")
    except ScenarioError as e:
        raise InvalidInput(e.errors[0].code, e.errors[0].message, field="FACT") from None
    if not isinstance(raw, dict):
        raise InvalidInput("fact.not-object", "Een feit is een JSON-object zoals in het scenario-formaat.", field="FACT")
    record = record_fact(actor="system:cli", agreement=_agreement(args.agreement), raw=raw, note=args.note or "")
    print(f"vastgelegd: {record.kind} {record.public_id}")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    """Withdraw a wrongly recorded fact with a reason (records.services.correct_fact; it stays listed)."""
    from samen.records.services import correct_fact, fact_by_id

    record = fact_by_id(_agreement(args.agreement), args.fact_id)
    correct_fact(actor="system:cli", record=record, reason=args.reason)
    print(f"ingetrokken: {record.kind} {record.public_id}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from samen.ops import backup

    done = backup.backup(Path(args.file))
    print(f"back-up geschreven: {done.file} ({done.vendor}, auditketen {done.audit_count} regels, kop {done.audit_head})")
    if done.documents:
        print(f"stukken: {done.documents} bestanden in {backup.documents_archive(done.file)}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from samen.audit import services as audit
    from samen.ops import backup, files

    files.prepare_var()
    done = backup.restore(Path(args.file), force=args.force)
    print(f"teruggezet: {done.file} ({done.vendor}, auditketen {done.audit_count} regels, kop {done.audit_head})")
    if done.documents:
        print(f"stukken: {done.documents} bestanden teruggezet uit {backup.documents_archive(done.file)}")
    result = audit.verify()
    if not result.intact:
        print(f"auditketen verbroken bij regel {result.broken_seq}: {result.reason}", file=sys.stderr)
        return 1
    print("auditketen intact; draai `samen setup --no-demo` als deze versie nieuwere migraties heeft")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """`samen export ori --out FILE`: the public meetings as Open Raadsinformatie JSON-LD, written atomically."""
    import tempfile

    from samen.core.errors import InvalidInput, NotFound
    from samen.publication import ori

    try:
        agreement = _agreement(args.agreement)
    except NotFound as e:
        raise InvalidInput(e.code, e.message, field="agreement") from None
    out = Path(args.out)
    if not args.out or out.is_dir() or not out.parent.is_dir():
        raise InvalidInput("export.out", f"Kan niet schrijven naar {args.out!r}: geef een bestand in een bestaande map.", field="out")
    text = ori.dumps(ori.export(agreement))
    # Atomically: a reader of FILE sees the old export or the new one, never half of one.
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).chmod(0o644)  # open data: readable by whoever publishes it
        Path(tmp).replace(out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    meetings = len(ori.public_meetings(agreement))
    print(f"ORI-export geschreven: {out} ({agreement.slug}, {meetings} openbare vergadering{'en' if meetings != 1 else ''})")
    return 0


def cmd_reminders(args: argparse.Namespace) -> int:
    """`samen reminders send [--as-of DATE] [--agreement SLUG]` once (cron, tests); `samen reminders worker` on schedule."""
    from samen.core.errors import InvalidInput, NotFound
    from samen.reminders import services as reminders
    from samen.reminders.tasks import ACTOR

    if args.reminders_command == "worker":
        reminders.run_worker(batch=args.batch)
        return 0
    try:
        agreement = _agreement(args.agreement) if args.agreement else None
    except NotFound as e:
        raise InvalidInput(e.code, e.message, field="agreement") from None
    outcome = reminders.send(actor=ACTOR, as_of=args.as_of, agreement=agreement)
    for address, subject in outcome.sent:
        print(f"verstuurd aan {address}: {subject}")
    for address, title in outcome.queued:
        print(f"bewaard voor het weekoverzicht van {address}: {title}")
    for address, title in outcome.failed:
        print(f"niet verstuurd aan {address}: {title}", file=sys.stderr)
    n = len(outcome.sent)
    emails = f"{n} e-mail{'s' if n != 1 else ''}"
    print(f"herinneringen per {outcome.as_of.isoformat()}: {emails} verstuurd, {len(outcome.queued)} voor een weekoverzicht bewaard")
    return 1 if outcome.failed else 0


def cmd_invoices(args: argparse.Namespace) -> int:
    """Create a year's invoices from the rules, or write them (XML, PDF) and the year's XLSX into a directory."""
    from samen.invoicing import services

    agreement = _agreement(args.agreement)
    if args.invoices_command == "create":
        outcome = services.create_for_year(actor="system:cli", agreement=agreement, year=args.year, as_of=args.as_of)
        for d in outcome.created:
            print(f"gemaakt: {d.number} {d.party} {d.amount_kind} {d.total:.2f} (vervalt {d.due_date.isoformat()})")
        for amount_id, why in outcome.skipped:
            print(f"overgeslagen: {amount_id}: {why}")
        for d, before, now in outcome.changed:
            print(f"gewijzigd: {d.number} {d.party} gefactureerd {before:.2f}, volgens de regels nu {now:.2f}: crediteer en maak opnieuw")
        print(f"{len(outcome.created)} gemaakt, {len(outcome.skipped)} overgeslagen, {len(outcome.changed)} gewijzigd")
        return 1 if outcome.changed else 0
    from samen.invoicing import ubl
    from samen.invoicing.pdf import render_pdf
    from samen.invoicing.queries import visible
    from samen.invoicing.xlsx import workbook

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    docs = list(visible(None, agreement).filter(year=args.year).order_by("number"))
    for d in docs:
        (out / f"{d.number}.xml").write_bytes(ubl.to_xml(d))
        (out / f"{d.number}.pdf").write_bytes(render_pdf(d))
    (out / f"invoices-{args.year}.xlsx").write_bytes(workbook(None, agreement, args.year))
    print(f"{len(docs)} facturen en creditnota's van {args.year} geschreven naar {out} (XML, PDF) met invoices-{args.year}.xlsx")
    return 0


# The roles (accounts.models.Role; the service checks the value and names the field when it is unknown).
ROLES_HELP = "secretariat, chair, representative (met --party), finance of observer"


def cmd_commitments(args: argparse.Namespace) -> int:
    """Commitments within the budget (art. 4 lid 4): `add` (refused with exit 1 beyond the line), `list`."""
    from decimal import Decimal, InvalidOperation

    from samen.budgets import queries, services
    from samen.core.errors import InvalidInput

    agreement = _agreement(args.agreement)
    if args.commitments_command == "add":
        try:
            amount = Decimal(args.amount)
        except InvalidOperation:
            raise InvalidInput("budget.bad-amount", f"geen bedrag {args.amount!r}: gebruik bijv. 2500.00", field="--amount") from None
        c = services.record_commitment(
            actor="system:cli",
            agreement=agreement,
            ref=args.ref or _next_ref(agreement, args.year),
            year=args.year,
            line=args.line,
            counterparty=args.counterparty,
            description=args.description,
            amount=amount,
            committed_on=args.date,
            mandate=args.mandate or "",
        )
        flag = " (wacht op goedkeuring onder het mandaat)" if c.mandate else ""
        print(f"vastgelegd: verplichting {c.ref} {c.amount:.2f} op {c.line.name} ({args.year}){flag}")
        return 0
    rows = queries.commitment_rows(agreement, args.as_of or date.today())
    if args.json:
        out = [
            {
                "ref": r["c"].ref, "year": r["c"].line.budget.year, "line": r["c"].line.name, "amount": f"{r['c'].amount:.2f}",
                "date": r["c"].committed_on.isoformat(), "counterparty": r["c"].counterparty, "mandate": r["c"].mandate,
                "approved": r["c"].approved_at.isoformat() if r["c"].approved_at else None, "flag": r["flag"] or None,
            }
            for r in rows
        ]  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    labels = {"beyond": "BUITEN DE BEGROTING", "awaiting": "wacht op goedkeuring", "approved": "goedgekeurd onder mandaat"}
    for r in rows:
        c = r["c"]
        flag = f"  [{labels[r['flag']]}]" if r["flag"] else ""
        print(f"{c.line.budget.year} {c.ref:12} {c.committed_on.isoformat()} {c.amount:>12.2f}  {c.line.name} / {c.counterparty}{flag}")
    return 0


def _next_ref(agreement: Any, year: int) -> str:
    from samen.budgets.models import Commitment

    n = Commitment.objects.filter(agreement=agreement, ref__startswith=f"V-{year}-").count() + 1
    while Commitment.objects.filter(agreement=agreement, ref=f"V-{year}-{n}").exists():
        n += 1
    return f"V-{year}-{n}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samen", description="samen: voert een samenwerkingsovereenkomst uit.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="start de webapplicatie (gunicorn; --dev: Django's ontwikkelserver)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--dev", action="store_true", help="Django's ontwikkelserver (runserver), nooit in productie")

    p = sub.add_parser("backup", help="een consistente back-up van de database naar FILE (0600)")
    p.add_argument("file")

    p = sub.add_parser("restore", help="de database terugzetten uit FILE (--force: een database met gegevens vervangen)")
    p.add_argument("file")
    p.add_argument("--force", action="store_true")

    p = sub.add_parser("setup", help="database migreren, overeenkomsten en demogegevens laden")
    p.add_argument("--no-demo", action="store_true")
    p.add_argument("--no-static", action="store_true")

    p = sub.add_parser("check", help="bevindingen en termijnen over de vastgelegde feiten")
    p.add_argument("--as-of", type=_date)
    p.add_argument("--json", action="store_true")
    p.add_argument("--agreement")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="taal van de toelichtingen (standaard nl)")
    p.add_argument(
        "--all", action="store_true", help="elke overeenkomst op de server, één resultaat per overeenkomst (--json: JSON-regels)"
    )
    p.add_argument("--jobs", type=_jobs, help="met --all: zoveel processen tegelijk (standaard één per processor; 1: alles in dit proces)")

    p = sub.add_parser("cache", help="de bewaarde antwoorden van de regels vergeten (na een wijziging buiten samen om)")
    p.add_argument("cache_command", choices=("clear",))

    sub.add_parser("evaluate", help="een scenario evalueren (samen evaluate FILE [--json] [--as-of DATE] [--lang nl|en])", add_help=False)

    p = sub.add_parser("audit", help="de auditketen controleren, de kop tonen of een ondertekend controlepunt maken")
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help="keten, controlepunten en tabellen controleren (exit 1 bij een afwijking)")
    v.add_argument("--head", nargs="+", metavar="HASH [AANTAL]", help="een eerder uitgereikte kop, zoals `samen audit head` hem toont")
    v.add_argument("--count", type=int, help="het aantal regels bij --head")
    v.add_argument("--public-key", action="append", metavar="FILE", help="publieke sleutel (PEM) om controlepunten mee te controleren")
    v.add_argument("--skip-mac", action="store_true", help="de MAC per regel niet controleren (zonder de SECRET_KEY van de app)")
    v.add_argument(
        "--jobs", type=_jobs, metavar="N", help="zoveel processen controleren een lange keten (standaard: een per processorkern)"
    )
    h = asub.add_parser("head")
    h.add_argument("--json", action="store_true")
    asub.add_parser("checkpoint", help="de kop ondertekenen met de sleutel buiten de database")
    asub.add_parser("public-key", help="de publieke sleutel tonen (PEM) voor de partijen")
    asub.add_parser(
        "rotate-key", help="een nieuwe ondertekeningssleutel maken; de oude publieke sleutel blijft geldig voor oude controlepunten"
    )

    p = sub.add_parser("parties", help="partijen tonen of toevoegen (art. 8)")
    p.add_argument("--agreement")
    psub = p.add_subparsers(dest="parties_command", required=True)
    psub.add_parser("list")
    a = psub.add_parser("add")
    a.add_argument("--code", required=True)
    a.add_argument("--name")

    p = sub.add_parser("record", help='een feit vastleggen, bijvoorbeeld \'{"fact": "evaluation-completed", "date": "2026-10-01"}\'')
    p.add_argument("fact", help="het feit als JSON-object in het scenario-formaat")
    p.add_argument("--note")
    p.add_argument("--agreement")

    p = sub.add_parser("correct", help="een verkeerd vastgelegd feit intrekken met een reden (het blijft zichtbaar als ingetrokken)")
    p.add_argument("fact_id", help="het id van het feit (zoals GET .../facts het noemt)")
    p.add_argument("--reason", required=True, help="waarom het feit niet klopt")
    p.add_argument("--agreement")

    p = sub.add_parser("token", help="API-tokens maken, tonen of intrekken")
    tsub = p.add_subparsers(dest="token_command", required=True)
    t = tsub.add_parser("create")
    t.add_argument("username")
    t.add_argument("--label", default="api")
    t = tsub.add_parser("list", help="tokens tonen (van één gebruiker, of van iedereen)")
    t.add_argument("username", nargs="?", metavar="USER")
    t = tsub.add_parser("revoke", help="een token intrekken")
    t.add_argument("id", type=int, metavar="ID")

    p = sub.add_parser("account", help="accounts maken of hun rol wijzigen (via de accountservice, in de auditketen)")
    p.add_argument("--agreement")
    acsub = p.add_subparsers(dest="account_command", required=True)
    c = acsub.add_parser("create", help="een account maken; het wachtwoord wordt gevraagd (of --password-stdin)")
    c.add_argument("username", metavar="USER")
    c.add_argument("--role", required=True, help=ROLES_HELP)
    c.add_argument("--party", help="partijcode, voor een vertegenwoordiger (bijvoorbeeld GM0164)")
    c.add_argument("--name", help="weergavenaam")
    c.add_argument("--email", help="e-mailadres (voor herinneringen van termijnen en wachtwoordherstel)")
    c.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord als één regel van standaardinvoer")
    c = acsub.add_parser("email", help="het e-mailadres van een account wijzigen (leeg: geen herinneringen)")
    c.add_argument("username", metavar="USER")
    c.add_argument("address", metavar="ADDRESS")
    c = acsub.add_parser("role", help="de rol (en partij) van een account wijzigen")
    c.add_argument("username", metavar="USER")
    c.add_argument("--role", required=True, help=ROLES_HELP)
    c.add_argument("--party")

    p = sub.add_parser("export", help="openbare gegevens exporteren (ori: Open Raadsinformatie, JSON-LD)")
    esub = p.add_subparsers(dest="export_command", required=True)
    e = esub.add_parser("ori", help="de openbare vergaderingen, agenda's en besluiten als JSON-LD naar FILE")
    e.add_argument("--out", required=True, metavar="FILE", help="het bestand dat (in één keer) wordt geschreven")
    e.add_argument("--agreement", metavar="SLUG", help="de overeenkomst (standaard SAMEN_AGREEMENT)")

    p = sub.add_parser("reminders", help="herinneringen van termijnen per e-mail (send: eenmalig; worker: dagelijks)")
    rsub = p.add_subparsers(dest="reminders_command", required=True)
    r = rsub.add_parser("send", help="de herinneringen van vandaag (of --as-of) versturen; elke herinnering gaat één keer")
    r.add_argument("--as-of", type=_date, default=None, help="de dag waarvoor (JJJJ-MM-DD; standaard vandaag)")
    r.add_argument("--agreement", default=None, help="alleen deze overeenkomst (slug; standaard alle)")
    r = rsub.add_parser("worker", help="de taakwachtrij in de database draaien: elke dag de herinneringen (Ctrl-C stopt)")
    r.add_argument("--batch", action="store_true", help="wat klaarstaat uitvoeren en stoppen")

    p = sub.add_parser("commitments", help="verplichtingen binnen de begroting vastleggen of tonen (art. 4 lid 4)")
    p.add_argument("--agreement")
    csub = p.add_subparsers(dest="commitments_command", required=True)
    c = csub.add_parser("add", help="een verplichting vastleggen; buiten wat op de post resteert: geweigerd (exit 1), tenzij --mandate")
    c.add_argument("--year", type=int, required=True)
    c.add_argument("--line", required=True, help="de naam van de begrotingspost")
    c.add_argument("--amount", required=True, help="euro's, bijv. 2500.00")
    c.add_argument("--date", type=_date, required=True)
    c.add_argument("--counterparty", required=True)
    c.add_argument("--description", required=True)
    c.add_argument("--mandate", help="de mandaatregeling die toestaat dat de verplichting verder gaat dan de post")
    c.add_argument("--ref", help="kenmerk (standaard V-JAAR-n)")
    c = csub.add_parser("list", help="de verplichtingen met wat de regels erover zeggen")
    c.add_argument("--as-of", type=_date)
    c.add_argument("--json", action="store_true")
    p = sub.add_parser("invoices", help="facturen van een jaar maken uit de regels, of schrijven (XML, PDF, XLSX) (art. 7)")
    p.add_argument("--agreement")
    isub = p.add_subparsers(dest="invoices_command", required=True)
    i = isub.add_parser("create", help="de facturen van YEAR maken (opnieuw draaien maakt niets dubbel)")
    i.add_argument("--year", type=int, required=True)
    i.add_argument("--as-of", type=_date, default=None, help="peildatum en factuurdatum (JJJJ-MM-DD; standaard vandaag)")
    i = isub.add_parser("export", help="<nummer>.xml, <nummer>.pdf en invoices-YEAR.xlsx naar DIR")
    i.add_argument("--year", type=int, required=True)
    i.add_argument("--out", required=True, metavar="DIR")

    p = sub.add_parser("import-text", help="de tekst van de overeenkomst inlezen (artikelen en leden)")
    p.add_argument("agreement")
    p.add_argument("file")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "evaluate":
        # The scenario evaluator parses its own arguments and needs no database.
        from samen import cli_evaluate

        return cli_evaluate.main(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    _django()
    from samen.core.errors import ServiceError
    from samen.rules.definition import DefinitionError

    handlers = {
        "serve": cmd_serve,
        "setup": cmd_setup,
        "check": cmd_check,
        "audit": cmd_audit,
        "cache": cmd_cache,
        "parties": cmd_parties,
        "import-text": cmd_import_text,
        "record": cmd_record,
        "correct": cmd_correct,
        "token": cmd_token,
        "account": cmd_account,
        "backup": cmd_backup,
        "restore": cmd_restore,
        "export": cmd_export,
        "reminders": cmd_reminders,
        "commitments": cmd_commitments,
        "invoices": cmd_invoices,
    }
    try:
        return handlers[args.command](args)
    except ServiceError as e:
        print(f"fout: {e.code}: {e.message}" + (f" [veld: {e.field}]" if e.field else ""), file=sys.stderr)
        return e.exit_code
    except DefinitionError as e:
        print(f"fout in overeenkomst: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
