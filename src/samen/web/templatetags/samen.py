"""Template filters and tags of the pages: citation links, money, dates, addresses that keep `as_of`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from samen.web import citations

register = template.Library()


def cached_reverse(name: str, *args: Any) -> str:
    """`reverse(name, args=args)`, remembered: a page links every row to its explanation, and the same rows come
    back on every view, so each address is resolved once per process (per URLconf and script prefix)."""
    return _reverse(get_urlconf(), get_script_prefix(), name, tuple(str(a) for a in args))


@lru_cache(maxsize=8192)
def _reverse(urlconf: Any, prefix: str, name: str, args: tuple[str, ...]) -> str:
    return reverse(name, args=args, urlconf=urlconf)


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


@register.filter(needs_autoescape=True)
def cite(text: Any, query: str = "", autoescape: bool = True) -> SafeString:
    """Escape `text` and turn every article citation in it into a link to that article's text.

    `query` is the query string to keep (the "as of" date), e.g. "?as_of=2026-11-28".
    """
    escaped = str(conditional_escape(text) if autoescape else text)

    def link(m: Any) -> str:
        url = f"{cached_reverse('web:agreement_text')}{query}#{citations.anchor(m.group('article'), m.group('lid'))}"
        return format_html('<a class="utrecht-link" href="{}">{}</a>', url, m.group(0))

    return mark_safe(citations.CITATION.sub(link, escaped))


@register.filter(needs_autoescape=True)
def cite_list(articles: Any, query: str = "", autoescape: bool = True) -> SafeString:
    """Each citation of `articles` linked (`cite`), separated by commas: web/_articles.html in one filter."""
    return mark_safe(", ".join(cite(a, query, autoescape) for a in articles or ()))


@register.filter
def money(value: Any) -> str:
    """An amount in euros in the active language's notation: € 10.145,50 (Dutch), €10,145.50 (English)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    if translation.get_language() == "en":
        return f"{sign}€{int(whole):,}.{cents}"
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}€\u00a0{groups},{cents}"


@register.filter
def parameter_value(value: Any, unit: str = "") -> str:
    """A parameter's value with its unit: 24 maanden, 0,1 fte, € 10.000,00 (Dutch notation in Dutch)."""
    if unit == "EUR":
        return money(value)
    from samen.web import labels

    text = str(value)
    if translation.get_language() != "en":
        text = text.replace(".", ",")
    return f"{text} {labels.label(labels.UNITS, unit)}" if unit else text


@register.filter
def isodate(value: Any) -> str:
    """An ISO date string or date shown in the active language's long form (1 november 2026)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return "" if value is None else str(value)


@register.simple_tag(takes_context=True)
def url_q(context: template.Context, name: str, *args: Any) -> str:
    """`{% url %}` that keeps the page's "as of" date in the query string."""
    return cached_reverse(name, *args) + context.get("as_of_query", "")


@register.filter
def amount_scope(user: Any) -> str | None:
    """Which amounts `user` may see ("all", "own" or None: accounts.permissions.amount_scope), e.g. for the nav."""
    from samen.accounts import permissions

    return permissions.amount_scope(user)
