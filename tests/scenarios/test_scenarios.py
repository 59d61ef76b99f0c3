"""Run every scenario case in this folder (NAME.json beside NAME.expected.json) through `samen evaluate --json`
and through `POST /api/v1/evaluate`.

The expected files use the format of ../shared/scenarios/check.py; this runs them in-process, and
also checks `code` and `field` (the first error's) that a bad-input case may add.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from samen.cli_evaluate import main

HERE = Path(__file__).parent
CASES = sorted(p for p in HERE.glob("*.json") if not p.name.endswith(".expected.json"))


def same(have: Any, want: Any) -> bool:
    if isinstance(want, list):
        return bool(have == want)
    if isinstance(want, str) and want.endswith("*"):
        return str(have).startswith(want[:-1])
    return str(have) == str(want)


def matches(item: dict[str, Any], want: dict[str, Any]) -> bool:
    return all(same(item.get(k), v) for k, v in want.items())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_scenario_case(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = json.loads(case.with_name(case.stem + ".expected.json").read_text())
    code = main([str(case), "--json"])
    out = capsys.readouterr().out
    assert code == expected.get("exit", 0)
    if code != 0:
        problem = json.loads(out)
        assert problem["status"] == 400
        # Beyond check.py's format: the first error's code and field, where the case names them.
        if "code" in expected:
            assert problem["code"] == expected["code"]
        if "field" in expected:
            assert problem["errors"][0]["field"] == expected["field"]
        return
    check_answer(expected, json.loads(out))


def check_answer(expected: dict[str, Any], answer: dict[str, Any]) -> None:
    """`answer` holds what `expected` asks for (check.py's format)."""
    for section in ("deadlines", "procedures", "amounts", "findings"):
        for want in expected.get(section, []):
            assert any(matches(item, want) for item in answer[section]), f"missing in {section}: {want}"
    for section, items in expected.get("absent", {}).items():
        for want in items:
            assert not any(matches(item, want) for item in answer[section]), f"unexpected in {section}: {want}"
    for s in expected.get("sums", []):
        total = sum(
            (Decimal(a["amount"]) for a in answer["amounts"] if a["kind"] == s["kind"] and str(a["year"]) == str(s["year"])), Decimal("0")
        )
        assert total == Decimal(s["total"]), s
    for c in expected.get("counts", []):
        assert sum(1 for item in answer[c["section"]] if matches(item, c["where"])) == c["count"], c


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_scenario_case_through_the_api(case: Path, client: Any) -> None:
    """The same case through `POST /api/v1/evaluate` (issue 9: the cases pass through both interfaces alike)."""
    expected = json.loads(case.with_name(case.stem + ".expected.json").read_text())
    response = client.post("/api/v1/evaluate", case.read_text(encoding="utf-8"), content_type="application/json")
    if expected.get("exit", 0) != 0:
        assert response.status_code == 400, response.content[:300]
        problem = response.json()
        if "code" in expected:
            assert problem["code"] == expected["code"]
        if "field" in expected:
            # The API names the request body where the CLI names the document.
            assert problem["errors"][0]["field"] == {"(document)": "body"}.get(expected["field"], expected["field"])
        return
    assert response.status_code == 200, response.content[:300]
    check_answer(expected, response.json())
