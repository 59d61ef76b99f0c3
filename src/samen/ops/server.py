"""`samen serve`: gunicorn in production, Django's development server only with `--dev`.

Why gunicorn: a pre-fork WSGI server that has been the ordinary way to run Django for well over a
decade, pure Python (installs from PyPI like the rest, nothing to compile), with a master that
restarts crashed or hung workers and reloads gracefully on SIGHUP. The app is synchronous Django,
so an ASGI or Rust server buys nothing here; gunicorn is the conservative choice
(docs/operations.md).

Workers and threads come from the environment: `SAMEN_WORKERS` (default 2 x cores + 1, at most 8),
`SAMEN_THREADS` (default 4: the gthread worker), `SAMEN_TIMEOUT` (seconds, default 60),
`SAMEN_ACCESS_LOG` (`-` for stdout, the default; empty for none), `SAMEN_FORWARDED_ALLOW_IPS`
(addresses of the TLS proxy whose X-Forwarded-* headers gunicorn trusts; default 127.0.0.1,::1).
"""

from __future__ import annotations

import os
from typing import Any

from samen.core.errors import InvalidInput


def _positive(name: str, default: int, maximum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= maximum:
        raise InvalidInput("serve.bad-setting", f"{name} moet een geheel getal van 1 tot en met {maximum} zijn, niet {raw!r}.", field=name)
    return value


def options(host: str, port: int) -> dict[str, Any]:
    """gunicorn's settings for `samen serve`, from the arguments and the environment."""
    default_workers = min(2 * (os.cpu_count() or 1) + 1, 8)
    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": _positive("SAMEN_WORKERS", default_workers, 64),
        "threads": _positive("SAMEN_THREADS", 4, 64),
        "worker_class": "gthread",
        "timeout": _positive("SAMEN_TIMEOUT", 60, 3600),
        "graceful_timeout": 30,
        "accesslog": os.environ.get("SAMEN_ACCESS_LOG", "-") or None,
        "errorlog": "-",
        "forwarded_allow_ips": os.environ.get("SAMEN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        "proc_name": "samen",
        # The control socket (gunicorn >= 25.1) would be one path per user: two servers on one
        # machine would share it. samen is managed with signals and systemd instead.
        "control_socket_disable": True,
        # Limits on the request line and headers against oversized requests (gunicorn's defaults, stated).
        "limit_request_line": 4094,
        "limit_request_fields": 100,
    }


def run_gunicorn(host: str, port: int) -> None:
    """Run gunicorn in this process (the master) until it is stopped (SIGTERM / SIGINT)."""
    from gunicorn.app.base import BaseApplication

    settings = options(host, port)

    class SamenApplication(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from samen.wsgi import application

            return application

    SamenApplication(prog="samen serve").run()
