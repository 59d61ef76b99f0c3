"""The upload forms: a new document (on the meeting and proposal pages) and a new version (on the document's page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from samen.core.errors import ServiceError
from samen.documents import filetypes, services
from samen.documents.models import Document
from samen.web.forms import AccessibleForm, _mark_invalid

ACCEPT = ",".join([*(t.extensions[0] for t in filetypes.ALLOWED), *(t.content_type for t in filetypes.ALLOWED)])


def file_help() -> str:
    return _g("PDF, ODT, DOCX of XLSX; ten hoogste %(size)s.") % {"size": services.size_label(services.max_bytes())}


def _file_field() -> forms.FileField:
    field = forms.FileField(
        label=_("Bestand"),
        allow_empty_file=True,  # the service refuses an empty file with its own message
        error_messages={"required": _("Kies een bestand."), "invalid": _("Kies een bestand."), "missing": _("Kies een bestand.")},
        widget=forms.FileInput(attrs={"accept": ACCEPT, "class": "utrecht-textbox utrecht-textbox--html-input samen-file-input"}),
    )
    field.help_text = file_help()
    return field


class UploadForm(AccessibleForm):
    """A new document: what it belongs to, title, kind, public, file."""

    attach_to = forms.ChoiceField(label=_("Hoort bij"), error_messages={"required": _("Kies waar het stuk bij hoort.")})
    title = forms.CharField(label=_("Titel"), max_length=200, error_messages={"required": _("Vul de titel in.")})
    kind = forms.ChoiceField(label=_("Soort"), choices=Document.Kind.choices, error_messages={"required": _("Kies de soort.")})
    public = forms.BooleanField(
        label=_("Openbaar"),
        required=False,
        help_text=_("Alleen een openbaar stuk van een openbare vergadering wordt gepubliceerd en is zonder inloggen te downloaden."),
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], show_public: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attach_to"].choices = choices
        self.fields["file"] = _file_field()
        if not show_public:
            del self.fields["public"]
        from samen.web.forms import _style

        _style(self)

    def service_error(self, e: ServiceError) -> None:
        name = e.field or ""
        self.add_error(name if name in self.fields else None, e.message)
        _mark_invalid(self)


class VersionForm(AccessibleForm):
    """A new version of a document."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        from samen.web.forms import _style

        _style(self)

    def service_error(self, e: ServiceError) -> None:
        name = e.field or ""
        self.add_error(name if name in self.fields else None, e.message)
        _mark_invalid(self)
