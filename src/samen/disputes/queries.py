"""Read side of disputes: which disputes a user may see, each with the rules' state, its next steps and history.

The state, the deadline and the mediation-cost shares come from the rules' answer as the user may see it
(`web.queries.conclusions`: `records.queries.evaluate_recorded` then `visible_to`, which applies
`permissions.may_view_dispute`); nothing here recomputes them. The steps offered follow from that state.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.disputes.models import Dispute, DisputeStep
from samen.records.models import RecordedFact
from samen.web import labels
from samen.web import queries as web_queries

# The article of each step a page offers.
STEP_ARTICLES: dict[str, tuple[str, ...]] = {
    "chair-phase": ("art. 14 lid 3",),
    "mediation": ("art. 14 lid 4",),
    "gs": ("art. 14 lid 5",),
    "resolution": ("art. 14 lid 3",),
    "costs": ("art. 14 lid 6",),
}


def step_title(key: str) -> str:
    titles = {
        "chair-phase": _("Overleg onder leiding van de voorzitter vastleggen"),
        "mediation": _("Begin van de mediation vastleggen"),
        "gs": _("Voorleggen aan Gedeputeerde Staten vastleggen"),
        "resolution": _("Oplossing en schriftelijke uitkomst vastleggen"),
        "costs": _("Kosten van de mediation vastleggen"),
    }
    return titles[key]


def open_steps(state: str, *, chair_involved: bool, chair_phase_recorded: bool, mediation_started: bool) -> list[str]:
    """The steps that may follow in `state` (the rules' state of the dispute), the next one first."""
    if state == "chair-phase":
        out = [] if chair_involved or chair_phase_recorded else ["chair-phase"]
        return [*out, "resolution", "mediation"]
    if state == "mediation-pending":
        return ["mediation", "resolution"]
    if state == "mediation":
        return ["resolution", "gs", "costs"]
    if state == "mediation-failed":
        return ["gs", "resolution", "costs"]
    if state == "with-gs":
        return ["resolution", "costs"] if mediation_started else ["resolution"]
    return ["costs"] if mediation_started else []


def _rows(agreement: Agreement) -> dict[str, Dispute]:
    rows = Dispute.objects.filter(agreement=agreement).select_related("notice").prefetch_related("steps__fact")
    return {d.ref: d for d in rows}


def _names(agreement: Agreement) -> dict[str, str]:
    return {p.code: p.name for p in web_queries.definition(agreement).parties}


def visible(actor: Any, agreement: Agreement, as_of: date, answer: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The disputes `actor` may see, newest notice first: the rules' procedure, the rich record, the open steps."""
    answer = answer if answer is not None else web_queries.conclusions(actor, agreement, as_of)
    rows = _rows(agreement)
    names = _names(agreement)
    may_record = permissions.allows(actor, "record_dispute")
    out = []
    for proc in answer["procedures"]:
        if proc["procedure"] != "dispute":
            continue
        ref = proc["ref"]
        d = rows.get(ref)
        steps = list(d.steps.all()) if d is not None else []
        mediation = (
            any(s.kind == DisputeStep.Kind.MEDIATION for s in steps)
            or RecordedFact.objects.filter(agreement=agreement, kind="mediation-started", payload__dispute=ref).exists()
        )
        keys = open_steps(
            proc["state"],
            chair_involved=bool(proc.get("chair_involved")),
            chair_phase_recorded=any(s.kind == DisputeStep.Kind.CHAIR_PHASE for s in steps),
            mediation_started=mediation,
        )
        if not (may_record and permissions.allows(actor, "record_finance_fact")):
            keys = [k for k in keys if k != "costs"]
        out.append(
            {
                "ref": ref,
                "procedure": proc,
                "state_label": labels.state_label("dispute", proc["state"]),
                "dispute": d,
                "by": names.get(proc.get("by", ""), proc.get("by", "")),
                "against": [names.get(c, c) for c in proc.get("against", [])],
                "involved": [proc.get("by", ""), *proc.get("against", [])],
                "steps": keys if may_record else [],
                "next_step": step_title(keys[0]) if keys else "",
                "deadline": (proc.get("next_deadline") or {}).get("date"),
                "chair_involved": bool(proc.get("chair_involved")),
                "url": reverse("web:dispute", args=[ref]),
            }
        )
    out.sort(key=lambda x: (x["procedure"].get("since") or "", x["ref"]), reverse=True)
    return out


def one(actor: Any, agreement: Agreement, ref: str, as_of: date) -> dict[str, Any] | None:
    """One dispute as `actor` may see it (None: unknown or not theirs to see), with its deadlines, cost shares and history."""
    answer = web_queries.conclusions(actor, agreement, as_of)
    found = next((x for x in visible(actor, agreement, as_of, answer) if x["ref"] == ref), None)
    if found is None:
        return None
    names = _names(agreement)
    found["deadlines"] = [
        {**d, "label": labels.label(labels.STEPS, d["step"]), "status_label": labels.label(labels.DEADLINE_STATUSES, d.get("status") or "")}
        for d in answer["deadlines"]
        if d["procedure"] == "dispute" and d["ref"] == ref
    ]
    found["costs"] = [
        {**a, "party_name": names.get(a["party"], a["party"])}
        for a in answer["amounts"]
        if a["kind"] == "mediation-costs" and a.get("ref") == ref
    ]
    found["findings"] = [f for f in answer["findings"] if f["code"].startswith("art-14.") and f.get("ref") == ref]
    found["history"] = history(agreement, ref, found["dispute"], names)
    return found


def history(agreement: Agreement, ref: str, dispute: Dispute | None, names: dict[str, str]) -> list[dict[str, Any]]:
    """The recorded steps in date order: each fact of the dispute with the texts of its step, and the chair phase."""
    steps = {s.fact_id: s for s in dispute.steps.all()} if dispute is not None else {}
    out: list[dict[str, Any]] = []
    facts = RecordedFact.objects.filter(agreement=agreement, payload__dispute=ref).order_by("occurred_on", "pk")
    for f in facts:
        if f.kind not in permissions.DISPUTE_FACTS:
            continue
        payload = f.payload if isinstance(f.payload, dict) else {}
        step = steps.get(f.pk)
        out.append(
            {
                "on": f.occurred_on,
                "kind": f.kind,
                "label": labels.label(labels.FACTS, f.kind),
                "by": names.get(str(payload.get("by", "")), ""),
                "amount": payload.get("amount"),
                "person": step.person if step else "",
                "text": step.text if step else "",
                "articles": FACT_ARTICLES.get(f.kind, ()),
            }
        )
    for s in dispute.steps.all() if dispute is not None else []:
        if s.kind == DisputeStep.Kind.CHAIR_PHASE:
            out.append(
                {
                    "on": s.on,
                    "kind": "chair-phase",
                    "label": s.get_kind_display(),
                    "by": "",
                    "amount": None,
                    "person": s.person,
                    "text": s.text,
                    "articles": ("art. 14 lid 3",),
                }
            )
    out.sort(key=lambda x: x["on"] or date.min)
    return out


FACT_ARTICLES = {
    "dispute-notified": ("art. 14 lid 2",),
    "mediation-started": ("art. 14 lid 4",),
    "dispute-submitted-to-gs": ("art. 14 lid 5",),
    "dispute-resolved": ("art. 14 lid 3",),
    "mediation-costs": ("art. 14 lid 6",),
}


def next_steps(actor: Any, agreement: Agreement, as_of: date) -> list[dict[str, Any]]:
    """The open next step of every dispute `actor` may see and record (for the dashboard's "what needs doing").

    Each: `title`, `url` (the dispute's page, at the step's form), `deadline` (a date, or None), `articles`.
    """
    if not permissions.allows(actor, "record_dispute"):
        return []
    out = []
    for x in visible(actor, agreement, as_of):
        if not x["steps"] or x["procedure"]["state"] == "resolved":
            continue
        key = x["steps"][0]
        deadline = x["deadline"]
        out.append(
            {
                "title": _("Geschil %(ref)s: %(step)s") % {"ref": x["ref"], "step": step_title(key).lower()},
                "url": f"{x['url']}#stap-{key}",
                "deadline": date.fromisoformat(deadline) if deadline else None,
                "articles": STEP_ARTICLES[key],
            }
        )
    return out
