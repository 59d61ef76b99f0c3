"""Copy the front-end assets samen serves from node_modules into build/static/vendor.

The CSS of the NL Design System (Utrecht component library) with a design-token theme, and htmx.
Swagger UI (swagger-ui-dist) for the API documentation at /api/v1/docs: served from here because the
Content Security Policy allows no CDN. axe-core is copied too: the accessibility tests inject it into every page.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
OUT = ROOT / "build" / "static" / "vendor"

FILES = {
    "@utrecht/component-library-css/dist/index.css": "utrecht/component-library.css",
    "@utrecht/design-tokens/dist/index.css": "utrecht/design-tokens.css",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "axe-core/axe.min.js": "axe-core/axe.min.js",
    "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
    "swagger-ui-dist/swagger-ui.css": "swagger-ui/swagger-ui.css",
    "swagger-ui-dist/LICENSE": "swagger-ui/LICENSE",
}


def main() -> int:
    missing = [src for src in FILES if not (NODE / src).is_file()]
    if missing:
        print(f"ontbrekende npm-bestanden (draai `npm install`): {', '.join(missing)}", file=sys.stderr)
        return 1
    for src, dest in FILES.items():
        target = OUT / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != (NODE / src).read_bytes():
            shutil.copyfile(NODE / src, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
