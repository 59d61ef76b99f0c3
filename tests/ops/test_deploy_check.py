"""`python -m django check --deploy` is clean with the production environment of docs/operations.md."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

from tests.ops.conftest import ROOT

DOCS = ROOT / "docs" / "operations.md"


def documented_environment() -> dict[str, str]:
    """The variables in the environment file that docs/operations.md shows (`/etc/samen/samen.env`)."""
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("<!-- production-env -->", 1)[1].split("```", 2)[1]
    env = dict(re.findall(r"^(SAMEN_[A-Z_]+|DATABASE_URL)=(.*)$", block, flags=re.MULTILINE))
    assert env, "docs/operations.md shows no production environment"
    return env


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def _base() -> dict[str, str]:
    # Not the test run's own settings: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright's loop.
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMEN_") and k not in dropped}
    return {**env, "DJANGO_SETTINGS_MODULE": "samen.settings"}


def test_check_deploy_reports_no_issues_with_the_documented_production_environment():
    env = {**_base(), **documented_environment()}
    env["SAMEN_SECRET_KEY"] = secrets.token_urlsafe(50)  # the documented value is a placeholder
    done = _check(env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout + done.stderr


def test_check_deploy_is_not_clean_in_demo_mode():
    # Demo mode is for `make run`: insecure cookies, no HTTPS; the deploy check says so.
    done = _check({**_base(), "SAMEN_DEMO": "1"})
    assert done.returncode != 0
    assert "security.W012" in done.stderr  # SESSION_COOKIE_SECURE


def test_outside_demo_mode_the_secret_key_is_required():
    done = _check({**_base(), "SAMEN_DEMO": "0"})
    assert done.returncode != 0
    assert "SAMEN_SECRET_KEY" in done.stderr
