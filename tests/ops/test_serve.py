"""`samen serve` is gunicorn, not Django's development server; /healthz answers without a session."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from pathlib import Path

from tests.ops.conftest import ROOT, SAMEN, get, output, serving

PRODUCTION = {
    "SAMEN_DEMO": "0",
    "SAMEN_SECRET_KEY": secrets.token_urlsafe(50),
    "SAMEN_ALLOWED_HOSTS": "127.0.0.1,samen.example.nl",
    "SAMEN_BEHIND_TLS_PROXY": "1",
    "SAMEN_HSTS_SECONDS": "31536000",
    "SAMEN_HSTS_PRELOAD": "1",
}


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "SAMEN_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    return {**env, **extra}


def test_samen_serve_runs_gunicorn_and_healthz_answers_ok(tmp_path):
    with serving(_env(tmp_path)) as (base, proc):
        status, headers, body = get(f"{base}/healthz")
        assert status == 200
        assert json.loads(body) == {"status": "ok"}
        # Django's runserver answers `Server: WSGIServer/0.2 CPython/...`; gunicorn names itself.
        assert headers["Server"].startswith("gunicorn")
        assert "WSGIServer" not in headers["Server"]
        assert "Set-Cookie" not in headers
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
        assert b"runserver" not in cmdline
    printed = output(proc)
    assert "Starting gunicorn" in printed
    assert "samen-demo" in printed  # demo mode prints the demo logins (make run)
    assert "SAMENDEMOSECRET2SAMENDEMOSECRET2" in printed  # and the demo accounts' TOTP secret


def test_samen_serve_outside_demo_mode_prints_no_password_and_redirects_to_https(tmp_path):
    with serving(_env(tmp_path, **PRODUCTION)) as (base, proc):
        status, _, body = get(f"{base}/healthz")  # load balancers probe over plain HTTP
        assert status == 200, body
        status, headers, _ = get(f"{base}/inloggen/")
        assert status == 301
        assert headers["Location"].startswith("https://")
    printed = output(proc)
    assert "samen-demo" not in printed
    assert "Wachtwoord" not in printed
    assert "SAMENDEMOSECRET2SAMENDEMOSECRET2" not in printed


def test_healthz_answers_503_problem_json_when_the_database_is_unreachable(tmp_path):
    # Nothing listens on port 1: the database cannot be reached.
    env = _env(tmp_path, DATABASE_URL="postgres://samen@127.0.0.1:1/samen")
    with serving(env) as (base, _):
        status, headers, body = get(f"{base}/healthz")
    assert status == 503
    assert headers["Content-Type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == 503
    assert problem["code"] == "health.database-unreachable"


def test_samen_serve_dev_is_the_development_server(tmp_path):
    with serving(_env(tmp_path), "--dev") as (base, _):
        _, headers, _ = get(f"{base}/healthz")
    assert "WSGIServer" in headers["Server"]


def test_bad_worker_count_exits_2_naming_the_variable(tmp_path):
    done = subprocess.run(
        [*SAMEN, "serve", "--port", "1"], env=_env(tmp_path, SAMEN_WORKERS="veel"), capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 2
    assert "SAMEN_WORKERS" in done.stderr
