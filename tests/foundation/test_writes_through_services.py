"""Nothing writes records outside the services: a scan of the source and a check of every ModelAdmin.

The scan fails when someone adds a write (`.objects.create(`, `.save(`, `.delete(`, a queryset
`.update(`, `bulk_create`, raw SQL) in a view, the API, the CLI, the admin or anywhere else
outside a `services.py`. A line that only looks like a write is allowed below, with its reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib import admin

SRC = Path(__file__).resolve().parents[2] / "src" / "samen"

WRITE = re.compile(
    r"\.objects\.(create|get_or_create|update_or_create|bulk_create|bulk_update)\("
    r"|\.(save|delete|bulk_create|bulk_update|update_or_create|get_or_create|set_password|raw)\("
    r"|\.update\("
    r"|\bexecute\(|\bexecutemany\(|\bcall_command\("
)

# (path relative to src/samen, the stripped line) -> why it is not a write outside the services.
ALLOWED: dict[tuple[str, str], str] = {
    ("records/queries.py", 'out.setdefault(str(f.get("dispute", "")), set()).update('): "set.update",
    ("api_support.py", "codes.update(errors.get(path, {}).get(method, []))"): "set.update (OpenAPI error codes)",
    ("api.py", "EXTRA_ERRORS.update(_DISPUTE_ERRORS)"): "dict.update (the disputes router's OpenAPI error codes)",
    ("api.py", "EXTRA_ERRORS.update(_BUDGET_ERRORS)"): "dict.update (the budgets router's OpenAPI error codes)",
    ("api.py", "EXTRA_ERRORS.update(_INVOICE_ERRORS)"): "dict.update (the invoices router's OpenAPI error codes)",
    ("invoicing/xlsx.py", "wb.save(out)"): "writes the XLSX workbook into memory (bytes), not a record",
    ("accounts/forms.py", "saved = services.set_password("): "calls the service",
    (
        "cli.py",
        'call_command("createcachetable", verbosity=0)  # the cache the API\'s rate limit counts in (settings.CACHES)',
    ): "`samen setup` creates the cache table",
    ("web/forms.py", 'self.widget.attrs.update({"rows": 3, "spellcheck": "false", "autocomplete": "off"})'): "dict.update",
    ("cli.py", 'call_command("migrate", interactive=False, verbosity=0)'): "`samen setup` migrates the schema",
    ("cli.py", 'call_command("collectstatic", interactive=False, verbosity=0)'): "static files, not records",
    ("cli.py", 'call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, use_threading=True)'): "serving",
    (
        "audit/models.py",
        'kwargs.update(sort_keys=True, separators=(",", ":"), ensure_ascii=False)',
    ): "dict.update (the JSON encoder's options)",
    ("records/answers.py", "cursor.execute(_HEAD_SQL)"): "reads the audit chain's head (a SELECT written out once)",
    ("audit/tracking.py", "cursor.execute(self.sql, self.params)"): "the replay reads a tracked table (the ORM's own SELECT)",
    ("core/rows.py", "cursor.execute(plan.sql, params)"): "reads one row (the ORM's own SELECT of a QuerySet, compiled once)",
}


# Whole files that are not about records, with the reason.
ALLOWED_FILES: dict[str, str] = {
    "accounts/events.py": "the security event log (login, failure, lockout): a log, not a record; "
    "events that change access are audited by the services that cause them",
    "ops/backup.py": "backup and restore copy the whole database as the operator's command",
    "ops/health.py": "SELECT 1: the health check reads, never writes",
}


def _exempt(path: Path) -> bool:
    rel = path.relative_to(SRC)
    return (
        rel.as_posix() in ALLOWED_FILES
        or path.name == "services.py"
        or "migrations" in rel.parts
        or rel.parts[0] == "rules"  # pure Python without Django (import-linter contract): no database
    )


def writes_outside_services() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if _exempt(path):
            continue
        rel = path.relative_to(SRC).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if WRITE.search(code) and (rel, line.strip()) not in ALLOWED:
                found.append(f"{rel}:{n}: {line.strip()}")
    return found


def test_nothing_writes_records_outside_the_services():
    assert writes_outside_services() == []


def test_the_scan_finds_a_write_added_in_a_view(tmp_path, monkeypatch):
    fake = tmp_path / "samen"
    (fake / "web").mkdir(parents=True)
    (fake / "web" / "views.py").write_text("def meeting(request, m):\n    m.held_on = request.POST['d']\n    m.save()\n")
    (fake / "api.py").write_text("Meeting.objects.filter(pk=1).update(title='x')\n")
    (fake / "governance").mkdir()
    (fake / "governance" / "services.py").write_text("Meeting.objects.create(title='x')\n")
    monkeypatch.setitem(globals(), "SRC", fake)
    assert writes_outside_services() == [
        "api.py:1: Meeting.objects.filter(pk=1).update(title='x')",
        "web/views.py:3: m.save()",
    ]


@pytest.mark.parametrize("model_admin", list(admin.site._registry.values()), ids=lambda a: a.model._meta.label_lower)
def test_every_model_admin_writes_through_a_service_or_not_at_all(model_admin):
    from django.contrib.admin import ModelAdmin

    from samen.audit.admin_base import ReadOnlyAdmin

    if model_admin.model._meta.app_label in ("auth", "axes", "otp_totp", "otp_static", "sites"):
        pytest.skip("not one of samen's records")
    if isinstance(model_admin, ReadOnlyAdmin):
        return  # ReadOnlyAdmin and ServiceCreateAdmin: no change/delete; adding only through `create` (a service)
    cls = type(model_admin)
    # Any other admin must override both writes itself (the user admin: create_account / change_role).
    assert cls.save_model is not ModelAdmin.save_model, f"{cls.__name__} saves with Django's default save_model"
    assert cls.delete_model is not ModelAdmin.delete_model, f"{cls.__name__} deletes with Django's default delete_model"
    assert cls.save_related is not ModelAdmin.save_related, f"{cls.__name__} saves related objects with Django's default"
