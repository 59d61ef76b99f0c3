"""The answer cache across real processes (issue 11): a write in one process, then a read in a second app process
that had the answer cached, shows the write; a third process is served from the shared database table."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.ops.conftest import ROOT

AS_OF = "2026-11-28"

# An app process: for every line on stdin it reads the Twente answer through the cache ("read") or past it
# ("fresh") and prints a digest of it, the evaluation's deadline and the process's cache counts.
READER = f"""
import hashlib, json, os, sys
from datetime import date
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
django.setup()
from samen.agreements.models import Agreement
from samen.records import answers
from samen.records.queries import evaluate_recorded

agreement = Agreement.objects.get(slug="twente-vth-2024")
for command in sys.stdin:
    as_of = date.fromisoformat("{AS_OF}")
    if command.strip() == "read":
        answer = answers.answer_json(agreement, as_of=as_of)
    else:
        answer = evaluate_recorded(agreement, as_of=as_of).to_json()
    digest = hashlib.sha256(json.dumps(answer, sort_keys=True).encode()).hexdigest()
    met = [d["met_on"] for d in answer["deadlines"] if d["id"] == "deadline.term.evaluation-due"]
    s = answers.stats()
    print(json.dumps({{"digest": digest, "met_on": met, "stats": [s.memory, s.shared, s.computed]}}), flush=True)
"""


class Reader:
    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", READER], env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the reader process stopped"
        result: dict[str, Any] = json.loads(line)
        return result

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def test_a_write_is_shown_by_the_next_read_in_another_process_that_had_the_answer_cached(new_database):
    db = new_database("answers")
    setup = db.samen("setup", "--no-static")
    assert setup.returncode == 0, setup.stderr
    app = Reader(db.env)
    try:
        first = app.ask("read")
        again = app.ask("read")
        assert again["digest"] == first["digest"] and again["stats"] == [1, 0, 1]  # served from its memory
        assert first["met_on"] == [None]

        # Another process records the evaluation (samen record: through the service, with its audit entry).
        recorded = db.samen("record", '{"fact": "evaluation-completed", "date": "2026-11-20"}')
        assert recorded.returncode == 0, recorded.stderr

        after = app.ask("read")
        assert after["met_on"] == ["2026-11-20"]
        assert after["stats"] == [1, 0, 2]  # computed again, not served from memory
        assert after["digest"] == app.ask("fresh")["digest"] != first["digest"]

        # A third app process, its memory empty, is served the new answer from the shared table.
        other = Reader(db.env)
        try:
            shared = other.ask("read")
            assert shared["stats"] == [0, 1, 0] and shared["digest"] == after["digest"]
        finally:
            other.close()
    finally:
        app.close()
