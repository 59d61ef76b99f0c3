"""Print the PostgreSQL URL to test against, or explain plainly why there is none.

DATABASE_URL wins when it names PostgreSQL; otherwise the local server on 127.0.0.1:5432.
Without a reachable server: a message and exit 0 (the PostgreSQL run is skipped, visibly), but
under CI (CI=true) exit 1, since CI must test on PostgreSQL.
"""

from __future__ import annotations

import os
import sys

import psycopg

DEFAULT = "postgres://postgres@127.0.0.1:5432/samen"


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT
    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as e:
        msg = f"PostgreSQL is niet bereikbaar op {url} ({str(e).strip().splitlines()[0]}): de PostgreSQL-run is OVERGESLAGEN."
        print(msg, file=sys.stderr)
        if os.environ.get("CI", "").lower() == "true":
            print("Onder CI is dat een fout.", file=sys.stderr)
            return 1
        return 0
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
