"""Keep the rules' gettext catalogue in step with the sources (`make rules-messages`).

    .venv/bin/python scripts/rules_messages.py           # update the catalogue(s)
    .venv/bin/python scripts/rules_messages.py --check   # exit 1 when out of date or untranslated

Extracts every message id in `src/samen/rules` - the literal first argument of `_` and `N_`, the
first two of `_n` (singular, plural) - into `src/samen/rules/locale/<lang>/LC_MESSAGES/samen_rules.po`,
keeping the translations already there, adding new ids untranslated, dropping ids no longer used,
with their source files as references. It is stdlib `ast` plus polib: no GNU gettext needed.

The rules' English used to live in a Python dictionary, `src/samen/rules/locale_en.py`
(`MESSAGES = {dutch: english}`). When that file exists (e.g. after merging a branch that still
added texts to it), its translations fill in the entries that have none (a plural entry takes the
dictionary's text for both forms; review those), and the file is removed afterwards (`--keep-dict`
keeps it). The dictionary is read with `ast`, not imported.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "src" / "samen" / "rules"
LOCALE = RULES / "locale"
DOMAIN = "samen_rules"
LEGACY_DICTIONARY = RULES / "locale_en.py"
LANGUAGES = ("en",)
HEADER = {
    "Project-Id-Version": "samen rules",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    references: list[tuple[str, str]] = field(default_factory=list)


class ExtractionError(Exception):
    pass


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def extract(root: Path = RULES) -> dict[str, Message]:
    """Every message id marked in the rules' sources, in source order."""
    found: dict[str, Message] = {}
    problems = []
    for path in sorted(root.rglob("*.py")):
        if path == LEGACY_DICTIONARY:
            continue
        relative = path.relative_to(ROOT).as_posix()
        calls = [
            node
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_", "_n")
        ]
        for node in sorted(calls, key=lambda call: (call.lineno, call.col_offset)):
            assert isinstance(node.func, ast.Name)
            where = (relative, "")  # the file only: line numbers would change the catalogue at every edit
            msgid = _literal(node.args[0]) if node.args else None
            plural = _literal(node.args[1]) if node.func.id == "_n" and len(node.args) > 1 else None
            if msgid is None or (node.func.id == "_n" and plural is None):
                problems.append(f"{relative}:{node.lineno}: {node.func.id}() needs literal message ids")
                continue
            message = found.setdefault(msgid, Message(msgid, plural))
            if message.plural != plural:
                problems.append(f"{relative}:{node.lineno}: {msgid!r} is used both with and without a plural")
            if where not in message.references:
                message.references.append(where)
    if problems:
        raise ExtractionError("\n".join(problems))
    return found


def legacy_translations(path: Path = LEGACY_DICTIONARY) -> dict[str, str]:
    """The `MESSAGES` dictionary literal of the old `locale_en.py`, read without importing it."""
    if not path.exists():
        return {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = node.target if isinstance(node, ast.AnnAssign) else (node.targets[0] if isinstance(node, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id == "MESSAGES" and node.value is not None:  # type: ignore[union-attr]
            messages = ast.literal_eval(node.value)  # type: ignore[union-attr]
            return {str(k): str(v) for k, v in messages.items()}
    raise ExtractionError(f"{path}: no MESSAGES = {{...}} dictionary found")


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.get(i) for i in (0, 1))
    return bool(entry.msgstr)


def updated_catalogue(po_path: Path, messages: dict[str, Message], legacy: dict[str, str]) -> polib.POFile:
    """The catalogue at `po_path` with exactly `messages`, translations kept, gaps filled from `legacy`."""
    old = {e.msgid: e for e in polib.pofile(str(po_path)) if not e.obsolete} if po_path.exists() else {}
    po = polib.POFile(wrapwidth=0)
    po.header = "The rules' texts (samen.rules) translated. Update the ids with scripts/rules_messages.py; translate the msgstr."
    po.metadata = dict(HEADER)
    for message in messages.values():
        entry = polib.POEntry(msgid=message.msgid, occurrences=message.references)
        previous = old.get(message.msgid)
        if message.plural is not None:
            entry.msgid_plural = message.plural
            entry.msgstr_plural = {0: "", 1: ""}
            if previous is not None and previous.msgid_plural:
                entry.msgstr_plural = {0: previous.msgstr_plural.get(0, ""), 1: previous.msgstr_plural.get(1, "")}
            elif message.msgid in legacy:
                entry.msgstr_plural = {0: legacy[message.msgid], 1: legacy[message.msgid]}
                entry.flags.append("fuzzy")
        else:
            if previous is not None and not previous.msgid_plural:
                entry.msgstr = previous.msgstr
            if not entry.msgstr and message.msgid in legacy:
                entry.msgstr = legacy[message.msgid]
        if previous is not None and "fuzzy" in previous.flags and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        po.append(entry)
    return po


def _ids(po: polib.POFile) -> set[tuple[str, str]]:
    return {(e.msgid, e.msgid_plural) for e in po if not e.obsolete}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a catalogue is out of date or incomplete")
    parser.add_argument("--keep-dict", action="store_true", help="keep src/samen/rules/locale_en.py after taking its translations")
    args = parser.parse_args(argv)
    try:
        messages = extract()
        legacy = legacy_translations()
    except ExtractionError as e:
        print(e, file=sys.stderr)
        return 1
    status = 0
    for language in LANGUAGES:
        po_path = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        po = updated_catalogue(po_path, messages, legacy if language == "en" else {})
        text = po.__unicode__()
        current = po_path.read_text(encoding="utf-8") if po_path.exists() else ""
        missing = [e.msgid for e in po if not _translated(e) or "fuzzy" in e.flags]
        if args.check:
            if _ids(po) != _ids(polib.pofile(current)) if current else True:
                print(f"{po_path.relative_to(ROOT)} is out of date: run scripts/rules_messages.py", file=sys.stderr)
                status = 1
            for msgid in missing:
                print(f"{po_path.relative_to(ROOT)}: untranslated or fuzzy: {msgid!r}", file=sys.stderr)
                status = 1
            continue
        po_path.parent.mkdir(parents=True, exist_ok=True)
        po_path.write_text(text, encoding="utf-8")
        print(f"{po_path.relative_to(ROOT)}: {len(po)} messages, {len(missing)} untranslated or fuzzy")
        for msgid in missing:
            print(f"  {msgid!r}")
    if legacy and not args.check and not args.keep_dict:
        LEGACY_DICTIONARY.unlink()
        print(f"took the translations of {LEGACY_DICTIONARY.relative_to(ROOT)} and removed it")
    return status


if __name__ == "__main__":
    sys.exit(main())
