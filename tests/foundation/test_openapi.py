"""The committed OpenAPI document matches what the API serves (`make openapi` regenerates it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_committed_openapi_document_is_current(client):
    spec = importlib.util.spec_from_file_location("export_openapi", ROOT / "scripts" / "export_openapi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert committed == module.document(), "docs/openapi.json is stale: run `make openapi`"
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert "/api/v1/evaluate" in served.json()["paths"]
