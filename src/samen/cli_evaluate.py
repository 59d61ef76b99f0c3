"""`samen evaluate FILE [--json] [--as-of DATE] [--lang nl|en]`: a scenario of facts in, the agreement's conclusions out.

Exit codes: 0 evaluated, 2 bad input (the message names the fact's index and field; with --json a
problem document is also printed on stdout). Nothing is half-evaluated: the whole scenario is
validated first.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from samen.rules.definition import DefinitionError, load_all
from samen.rules.facts import FieldError, ScenarioError, parse_date, parse_json, parse_scenario
from samen.rules.i18n import DEFAULT_LANGUAGE, LANGUAGES, current, use
from samen.rules.scenario import evaluate_scenario, render_text

# The words around an input error on stderr, in the language of the errors (--lang, or the scenario's).
_INVALID = {"nl": ("ongeldige invoer", "feit"), "en": ("invalid input", "fact")}
_UNREADABLE = {"nl": "kan het bestand niet lezen: {reason}", "en": "cannot read the file: {reason}"}


def _fail(problem: ScenarioError, as_json: bool) -> int:
    invalid, fact = _INVALID[current()]
    for error in problem.errors:
        where = f"{fact} {error.index}, " if error.index is not None else ""
        print(f"{invalid}: {where}{error.field}: {error.message} [{error.code}]", file=sys.stderr)
    if as_json:
        print(json.dumps(problem.to_problem(), ensure_ascii=False, indent=2))
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="samen evaluate", description="Evalueer een scenario (feiten) volgens de overeenkomst.")
    parser.add_argument("file", help="scenario in JSON ('-' leest van stdin)")
    parser.add_argument("--json", action="store_true", help="antwoord als JSON (scenario-format.md)")
    parser.add_argument("--as-of", dest="as_of", help="peildatum JJJJ-MM-DD (overschrijft as_of in het scenario)")
    parser.add_argument("--lang", choices=LANGUAGES, help="taal van de toelichtingen: nl of en (overschrijft language in het scenario)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    # Input errors in the language asked for (--lang); without it, the scenario's `language` (parse_scenario).
    with use(args.lang or DEFAULT_LANGUAGE):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as e:
        return _fail(
            ScenarioError([FieldError(None, "(file)", _UNREADABLE[current()].format(reason=e.strerror or e), "scenario.unreadable")]),
            args.json,
        )
    try:
        doc: Any = parse_json(text)  # the rules' reader: JSON nested too deep is refused before it is parsed
    except ScenarioError as e:
        return _fail(e, args.json)
    language = doc.get("language") if isinstance(doc, dict) else None
    if args.lang is None and isinstance(language, str) and language in LANGUAGES:
        with use(language):  # the scenario's language, for the errors of --as-of too
            return _evaluate(args, doc)
    return _evaluate(args, doc)


def _evaluate(args: argparse.Namespace, doc: Any) -> int:
    if args.as_of is not None and isinstance(doc, dict):
        try:
            parse_date(args.as_of)
        except Exception as e:  # the parser's reason: malformed, or outside 1900..2999 (scenario.date-out-of-range)
            message = getattr(e, "message", f"moet een datum zijn in de vorm JJJJ-MM-DD (gekregen: {args.as_of!r})")
            return _fail(ScenarioError([FieldError(None, "--as-of", message, getattr(e, "code", "scenario.bad-date"))]), args.json)
        doc = {**doc, "as_of": args.as_of}
    if args.lang is not None and isinstance(doc, dict):
        doc = {**doc, "language": args.lang}
    try:
        agreements = load_all()
    except DefinitionError as e:
        print(f"fout in de definitie van de overeenkomst: {e}", file=sys.stderr)
        return 2
    try:
        scenario = parse_scenario(doc, agreements, today=date.today())
        answer = evaluate_scenario(scenario)
    except ScenarioError as e:
        return _fail(e, args.json)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_text(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
