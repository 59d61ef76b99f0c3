"""Writes for agreements: load a definition into records; import the agreement's text."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement, Article, Lid
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import InvalidInput
from samen.rules.textparse import ParsedArticle, parse_agreement_text


@transaction.atomic
def load_definition(*, actor: Any, slug: str) -> Agreement:
    """Create or complete the records of agreement `slug` from its definition file (idempotent).

    Records that exist are kept as they are; what the file adds (a party, a body, an article) is
    created. Every creation is audited in this transaction.
    """
    from samen.cooperation.services import ensure_pillars
    from samen.governance.services import ensure_bodies
    from samen.parties.services import ensure_listed_parties

    audit.lock_for_write()  # two loads at once would both create the records
    d = registry.definition(slug)
    sha = registry.definition_sha256(slug)
    agreement = Agreement.objects.filter(slug=slug).first()
    if agreement is None:
        agreement = Agreement.objects.create(
            slug=slug, citation_title=d.citation_title, start=d.start, term_years=d.term_years, host_code=d.host, definition_sha256=sha
        )
        audit.append(actor=actor, action="agreement.load", obj=agreement, after=snapshot(agreement), agreement=slug)
    elif agreement.definition_sha256 != sha:
        before = snapshot(agreement)
        agreement.citation_title, agreement.start, agreement.term_years = d.citation_title, d.start, d.term_years
        agreement.host_code, agreement.definition_sha256 = d.host, sha
        agreement.save()
        audit.append(actor=actor, action="agreement.reload", obj=agreement, before=before, after=snapshot(agreement), agreement=slug)
    for position, art in enumerate(d.articles):
        article, created = Article.objects.get_or_create(
            agreement=agreement, number=art.number, defaults={"title": art.title, "position": position}
        )
        if created:
            audit.append(actor=actor, action="article.create", obj=article, after=snapshot(article), agreement=slug)
    ensure_listed_parties(actor=actor, agreement=agreement)
    ensure_bodies(actor=actor, agreement=agreement)
    ensure_pillars(actor=actor, agreement=agreement)  # the cooperation agenda's pillars (art. 2 lid 1)
    return agreement


@transaction.atomic
def import_text(*, actor: Any, agreement: Agreement, text: str) -> list[ParsedArticle]:
    """Parse the agreement's text into articles and leden and store it (replacing earlier text)."""
    permissions.require(actor, "import_text")
    parsed = parse_agreement_text(text)
    if not parsed:
        raise InvalidInput("text.no-articles", "In de tekst is geen enkel artikel gevonden ('Artikel N titel').", field="file")
    known = {a.number: a for a in agreement.articles.all()}
    for i, pa in enumerate(parsed):
        article = known.get(pa.number)
        before = snapshot(article)
        if article is None:
            article = Article.objects.create(agreement=agreement, number=pa.number, title=pa.title, position=100 + i, text=pa.intro)
        else:
            article.text = pa.intro
            article.save(update_fields=["text"])
        article.leden.all().delete()
        Lid.objects.bulk_create(Lid(article=article, number=lid.number, position=j, text=lid.text) for j, lid in enumerate(pa.leden))
        after = snapshot(article) or {}
        after["leden"] = [lid.number for lid in pa.leden]
        audit.append(actor=actor, action="article.import-text", obj=article, before=before, after=after, agreement=agreement.slug)
    return parsed
