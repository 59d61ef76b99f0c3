"""Write the API's OpenAPI document to docs/openapi.json (committed; a test keeps it current)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"


def document() -> str:
    """The OpenAPI document as stable, pretty JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    import django

    django.setup()
    from samen.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    OUT.write_text(document(), encoding="utf-8")
    print(f"geschreven: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
