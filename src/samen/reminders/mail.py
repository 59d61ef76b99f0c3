"""The reminder e-mails: one per reminder, or one weekly digest (weekoverzicht). Plain text, in Dutch.

A mail names the deadline, its date, the articles it cites, where it stands and a link to its
explanation page (under SAMEN_BASE_URL); never an amount. It ends with the audit chain's latest signed
checkpoint, as every e-mail to the parties does (docs/audit.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samen.accounts.models import User
from samen.audit import services as audit_services
from samen.publication.addresses import absolute
from samen.reminders.models import Reminder
from samen.reminders.queries import PASSED
from samen.rules.i18n import long_date


def _greeting(user: User) -> str:
    return _("Beste %(name)s,") % {"name": user.get_full_name() or user.username}


def _when(reminder: Reminder, as_of: date) -> str:
    left = (reminder.deadline_date - as_of).days
    day = long_date(reminder.deadline_date, "nl")
    if reminder.kind == PASSED:
        return _("De termijn is verstreken op %(day)s.") % {"day": day}
    if left == 0:
        return _("De termijn verloopt vandaag, %(day)s.") % {"day": day}
    return ngettext("De termijn verloopt over %(n)d dag, op %(day)s.", "De termijn verloopt over %(n)d dagen, op %(day)s.", left) % {
        "n": left,
        "day": day,
    }


def _block(reminder: Reminder, as_of: date) -> list[str]:
    lines = [f"* {reminder.title}", f"  {_when(reminder, as_of)}"]
    if reminder.articles:
        lines.append("  " + _("Artikelen: %(articles)s") % {"articles": reminder.articles})
    lines.append("  " + _("Uitleg en stand: %(url)s") % {"url": absolute(reverse("web:explanation", args=[reminder.deadline_id]))})
    return lines


def _footer(*, weekly: bool) -> list[str]:
    why = (
        _("U krijgt deze e-mail omdat u voor deze termijnen verantwoordelijk bent in samen.")
        if weekly
        else _("U krijgt deze e-mail omdat u voor deze termijn verantwoordelijk bent in samen.")
    )
    choose = (
        _("Liever elke herinnering meteen? Kies dat op uw accountpagina: %(url)s")
        if weekly
        else _("Liever één weekoverzicht? Kies dat op uw accountpagina: %(url)s")
    )
    return [
        "",
        why,
        choose % {"url": absolute(reverse("web:account"))},
        "",
        "-- ",
        audit_services.latest_checkpoint_text().rstrip("\n"),
    ]


def _message(user: User, subject: str, lines: list[str]) -> EmailMessage:
    return EmailMessage(subject=subject, body="\n".join(lines) + "\n", from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email])


def one(user: User, reminder: Reminder, as_of: date) -> EmailMessage:
    """The mail for one reminder."""
    if reminder.kind == PASSED:
        subject = _("Termijn verstreken: %(title)s") % {"title": reminder.title}
        intro = _("Een termijn van %(agreement)s is verstreken.")
    else:
        subject = _("Herinnering: %(title)s op %(day)s") % {"title": reminder.title, "day": long_date(reminder.deadline_date, "nl")}
        intro = _("Een termijn van %(agreement)s komt eraan.")
    lines = [
        _greeting(user),
        "",
        intro % {"agreement": reminder.agreement.citation_title},
        "",
        *_block(reminder, as_of),
        *_footer(weekly=False),
    ]
    return _message(user, subject, lines)


def digest(user: User, reminders: Sequence[Reminder], as_of: date) -> EmailMessage:
    """The weekly digest: every reminder collected for `user` since the last one, by deadline date."""
    n = len(reminders)
    subject = ngettext("Weekoverzicht: %(n)d termijn", "Weekoverzicht: %(n)d termijnen", n) % {"n": n}
    lines = [_greeting(user), "", _("De termijnen van deze week waarvoor u verantwoordelijk bent:")]
    for agreement_title in sorted({r.agreement.citation_title for r in reminders}):
        lines += ["", agreement_title]
        for r in sorted((r for r in reminders if r.agreement.citation_title == agreement_title), key=lambda r: (r.deadline_date, r.pk)):
            lines += _block(r, as_of)
    return _message(user, subject, [*lines, *_footer(weekly=True)])
