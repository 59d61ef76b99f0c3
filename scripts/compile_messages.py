"""Compile the translations to .mo files with polib: the pages' (src/samen/locale/*/LC_MESSAGES/*.po)
and the rules' (src/samen/rules/locale/*/LC_MESSAGES/samen_rules.po, loaded with stdlib gettext).

Pure Python, so a fresh machine needs no GNU gettext to show the English interface.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

SRC = Path(__file__).resolve().parents[1] / "src" / "samen"
LOCALES = (SRC / "locale", SRC / "rules" / "locale")


def main() -> int:
    for po_path in sorted(p for locale in LOCALES for p in locale.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
