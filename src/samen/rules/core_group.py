"""The core group (art. 1 sub g): the chair, the secretary and at least three participating parties."""

from __future__ import annotations

from samen.rules.conclusions import Conclusions, Context, Finding
from samen.rules.explain import Explanation, Step
from samen.rules.facts import CoreGroupComposed
from samen.rules.i18n import _, _n, join_words, long_date

ARTICLES = ("art. 1 sub g",)


def evaluate(ctx: Context) -> Conclusions:
    """A finding when the latest known composition has fewer parties than the minimum."""
    out = Conclusions()
    compositions = ctx.of(CoreGroupComposed)
    if not compositions:
        return out
    latest = compositions[-1]
    # The composition is checked against the agreement as it stands on the date (art. 12 amendments included).
    minimum = ctx.int_parameter("core_group.min_parties", ctx.as_of)
    # A party that has left the agreement no longer counts as a participating party.
    members = [p for p in latest.parties if not (p in ctx.exits and ctx.exits[p] < ctx.as_of)]
    gone = [p for p in latest.parties if p not in members]
    text = _n(
        "Op {day} is de kerngroep samengesteld met {count} partij: {parties}",
        "Op {day} is de kerngroep samengesteld met {count} partijen: {parties}",
        len(latest.parties),
        day=long_date(latest.date),
        count=len(latest.parties),
        parties=join_words(ctx.party_label(p) for p in latest.parties),
    )
    if gone:
        text += _n(
            "; {parties} is inmiddels uitgetreden",
            "; {parties} zijn inmiddels uitgetreden",
            len(gone),
            parties=join_words(ctx.party_label(p) for p in gone),
        )
    explanation = Explanation.of(
        Step("art. 1 sub g", text, facts=(latest,)),
        Step(
            "art. 1 sub g",
            _("De kerngroep bestaat uit de voorzitter, de secretaris en minimaal {minimum} deelnemende partijen", minimum=minimum),
            parameters={"core_group.min_parties": str(minimum)},
        ),
        *ctx.parameter_steps("core_group.min_parties", ctx.as_of),
    )
    if len(members) < minimum:
        out.findings.append(
            Finding(
                "art-1.core-group-too-small",
                "error",
                _n(
                    "De kerngroep telt {count} deelnemende partij; minimaal {minimum} zijn vereist.",
                    "De kerngroep telt {count} deelnemende partijen; minimaal {minimum} zijn vereist.",
                    len(members),
                    count=len(members),
                    minimum=minimum,
                ),
                ARTICLES,
                explanation,
            )
        )
    return out
