"""Benchmark the dashboard and an API list against `samen serve`, each as a ratio to `GET /healthz` (issue 11).

A throwaway database (SQLite in a temporary folder, or PostgreSQL `samen_bench_http` with --db
postgres; never var/) gets `samen setup` (the demo). A real `samen serve` (gunicorn, its default
workers) runs on a free port. A small load generator (threads, one keep-alive `http.client`
connection each) sends requests for a fixed time, the targets taking turns in slices (`--rounds`), to:
`GET /healthz` (the baseline), the dashboard
`GET /` as `secretariaat` (a session made in-process, second factor included), and the API list
`GET /api/v1/agreements/twente-vth-2024/facts` with a bearer token (`samen token create`): after the first
request a kept answer (api_support.KeptListMiddleware), as for a client that polls the list. Printed beside it, not a
goal: the same list with a query parameter that is new on every request, so the operation runs every time.
The load generator runs on the same machine, as in the issue's measurement.

Run from the project root:  .venv/bin/python bench/bench_http.py [--clients 16] [--seconds 10] [--rounds 5] [--small]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from _common import ROOT, Throwaway, header, note, row

SAMEN = [sys.executable, "-m", "samen.cli"]
SLUG = "twente-vth-2024"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def load(port: int, path: str, headers: dict[str, str], clients: int, seconds: float) -> tuple[list[float], float, int]:
    """Every request's latency (s), the time taken (s) and the errors, with `clients` threads for `seconds`."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        # Like a browser, each client sends back the cookies the server set (the CSRF cookie a page sets, a renewed
        # session cookie), with the ones it was given: a dashboard then masks the client's CSRF secret as it does
        # for a browser, instead of making a new secret for a client that never returns it.
        given = dict(part.split("=", 1) for part in headers.get("Cookie", "").split("; ") if "=" in part)
        jar: dict[str, str] = {}
        sent = dict(headers)
        sequence = 0
        while time.perf_counter() < stop:
            start = time.perf_counter()
            sequence += 1
            try:
                # "{n}" in the path: a new URL on every request (nothing kept can answer it).
                conn.request("GET", path.format(n=f"{i}-{sequence}") if "{n}" in path else path, headers=sent)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[i] += 1
                for header in response.headers.get_all("Set-Cookie") or ():
                    name, _, value = header.split(";", 1)[0].partition("=")
                    jar[name.strip()] = value
                if jar:
                    sent = {**headers, "Cookie": "; ".join(f"{k}={v}" for k, v in {**given, **jar}.items())}
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            latencies[i].append(time.perf_counter() - start)
        conn.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return [x for per in latencies for x in per], elapsed, sum(errors)


def summary(samples: list[tuple[list[float], float, int]]) -> tuple[float, float, int]:
    """Requests per second, p99 latency (ms) and errors over a target's slices."""
    every = sorted(x for latencies, _, _ in samples for x in latencies)
    elapsed = sum(seconds for _, seconds, _ in samples)
    p99 = every[min(len(every) - 1, int(len(every) * 0.99))] * 1000 if every else float("nan")
    return len(every) / elapsed, p99, sum(errors for _, _, errors in samples)


def session_and_token(db: Throwaway) -> tuple[str, str]:
    """A logged-in session cookie for `secretariaat` (password and second factor passed) and an API token."""
    code = (
        "import os, django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "from django_otp import DEVICE_ID_SESSION_KEY\n"
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        "from samen.accounts.models import User\n"
        "from samen.accounts.services import create_api_token\n"
        "user = User.objects.get(username='secretariaat')\n"
        "device = TOTPDevice.objects.filter(user=user, confirmed=True).first()\n"
        "device = device or TOTPDevice.objects.create(user=user, name='bench', confirmed=True)\n"
        "c = Client(); c.force_login(user)\n"
        "s = c.session; s[DEVICE_ID_SESSION_KEY] = device.persistent_id; s.save()\n"
        "_, key = create_api_token(actor='system:bench', username='secretariaat', label='bench')\n"
        "print(settings.SESSION_COOKIE_NAME + '=' + s.session_key); print(key)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=db.env, capture_output=True, text=True, cwd=ROOT, check=True)
    cookie, token = done.stdout.split()
    return cookie, token


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=5, help="slices per target, taking turns (default 5: 2 s each of 10 s)")
    parser.add_argument("--small", action="store_true", help="2 clients, 1 second per target: proves the bench works")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--no-header", action="store_true")
    args = parser.parse_args()
    clients, seconds = (2, 1.0) if args.small else (args.clients, args.seconds)
    rounds = 1 if args.small else args.rounds
    db = Throwaway("http", args.db)
    server = None
    try:
        subprocess.run([*SAMEN, "setup"], env=db.env, cwd=ROOT, check=True, capture_output=True, text=True)
        cookie, token = session_and_token(db)
        port = free_port()
        log = Path(db.var) / "serve.log"
        with log.open("w") as out:
            server = subprocess.Popen([*SAMEN, "serve", "--port", str(port)], env=db.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                note(log.read_text())
                return 1
            time.sleep(0.2)
        targets = {
            "healthz": ("/healthz", {}),
            "dashboard": ("/", {"Cookie": cookie}),
            "api": (f"/api/v1/agreements/{SLUG}/facts", {"Authorization": f"Bearer {token}"}),
            # The same list with a query parameter that is new on every request: never a kept answer
            # (api_support.KeptListMiddleware), so the operation runs each time. Not a goal; printed beside it.
            "api-new": (f"/api/v1/agreements/{SLUG}/facts?n={{n}}", {"Authorization": f"Bearer {token}"}),
        }
        for name, (path, headers) in targets.items():  # each must answer 200 before it is measured
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path.format(n="first"), headers=headers)
            status = conn.getresponse().status
            if status != 200:
                note(f"http: {name} {path} answered {status}, not 200")
                return 1
        for path, headers in targets.values():  # warm up every worker (templates, imports, connections), unmeasured
            load(port, path, headers, clients, 0.5 if args.small else 3.0)
        # The targets take turns, `rounds` slices each, so that the machine's speed, which drifts by tens of per cent
        # within minutes on a shared virtual machine, weighs on the baseline and each target alike (one block of
        # `seconds` per target in turn gave the dashboard 0.29-0.40 of a /healthz measured 10-30 s earlier).
        samples: dict[str, list[tuple[list[float], float, int]]] = {name: [] for name in targets}
        for _ in range(rounds):
            for name, (path, headers) in targets.items():
                samples[name].append(load(port, path, headers, clients, seconds / rounds))
        results = {name: summary(taken) for name, taken in samples.items()}
        base_rps, base_p99, _ = results["healthz"]
        if not args.no_header:
            header()
        for name, label, goal in (
            ("dashboard", f"dashboard as `secretariaat`, {clients} clients, `samen serve`", ">= 0.30 of its requests/s; p99 < 100 ms"),
            ("api", f"`GET` an API list (facts), {clients} clients", ">= 0.50"),
            ("api-new", f"the same list, a new URL on every request (not kept), {clients} clients", "- (not a goal)"),
        ):
            rps, p99, errors = results[name]
            failed = f", {errors} errors" if errors else ""
            row(
                label,
                f"`GET /healthz` on the same server: {base_rps:.0f} requests/s, p99 {base_p99:.0f} ms",
                goal,
                f"{rps:.0f} requests/s = {rps / base_rps:.2f}; p99 {p99:.0f} ms{failed}",
            )
        note(
            f"http: {args.db}, {clients} clients, {seconds:.0f} s per target in {rounds} turns, "
            f"workers {os.environ.get('SAMEN_WORKERS', 'default')}"
        )
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        db.drop()


if __name__ == "__main__":
    sys.exit(main())
