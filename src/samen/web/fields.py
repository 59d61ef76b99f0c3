"""The form fields every page builds the same way: a date and a longer text.

One definition, so that every date on every page is entered and refused alike: a date input
(`type="date"`, sent as 2026-03-01), also accepting 01-03-2026 from a browser without a date
picker, with the same two Dutch messages when it is missing or not a date.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]
TEXT_MAX_LENGTH = 20000


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    """A date, entered in the browser's date input."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Vul de datum in."), "invalid": _("Vul een geldige datum in.")},
    )


def text_area(
    label: Any, *, required: bool = False, help_text: Any = "", rows: int = 4, max_length: int = TEXT_MAX_LENGTH
) -> forms.CharField:
    """A longer text (a subject, an outcome, a note): a textarea of `rows` lines."""
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows})
    )
