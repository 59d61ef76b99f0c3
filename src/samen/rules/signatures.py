"""Signing (Ondertekening): the agreement is fully signed only when every party has signed."""

from __future__ import annotations

from samen.rules.conclusions import Conclusions, Context, Finding, ProcedureState
from samen.rules.explain import Explanation, Step
from samen.rules.facts import Signed
from samen.rules.i18n import _, join_words

ARTICLES = ("Ondertekening",)


def evaluate(ctx: Context) -> Conclusions:
    """The signing state and a finding naming the parties that have not signed."""
    out = Conclusions()
    signed = {s.party: s for s in ctx.of(Signed)}
    codes = ctx.agreement.party_codes
    missing = [p for p in codes if p not in signed]
    facts = tuple(signed[p] for p in codes if p in signed)
    text = _("{signed} van de {count} partijen hebben ondertekend", signed=len(signed), count=len(codes))
    if missing:
        text += _("; nog niet: {parties}", parties=join_words(ctx.party_label(p) for p in missing))
    explanation = Explanation.of(Step("Ondertekening", text, facts=facts))
    state = "incomplete" if missing else "complete"
    last = max((s.date for s in signed.values()), default=None)
    out.procedures.append(
        ProcedureState(
            "signatures",
            ctx.agreement.slug,
            state,
            ARTICLES,
            explanation,
            since=last if not missing else None,
            details={"missing": missing},
        )
    )
    if missing:
        out.findings.append(
            Finding(
                "art-1.signatures-incomplete",
                "warning",
                _(
                    "De overeenkomst is nog niet door alle partijen ondertekend: {missing} van de {count} ontbreken ({parties}).",
                    missing=len(missing),
                    count=len(codes),
                    parties=join_words(ctx.party_label(p) for p in missing),
                ),
                ("Ondertekening", "art. 1 sub a"),
                explanation.then(
                    Step("art. 1 sub a", _("Partijen zijn de colleges van de veertien Twentse gemeenten en van de Provincie Overijssel"))
                ),
            )
        )
    return out
