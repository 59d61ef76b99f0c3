"""Forms of the account pages: the code step, enrolment, passwords. Writes go through accounts.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from samen.accounts import services
from samen.web.forms import AccessibleForm, _mark_invalid, _style


class CodeForm(AccessibleForm):
    """The second step: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("De zescijferige code uit uw authenticator-app, of een van uw herstelcodes."),
        error_messages={"required": _("Vul de code in.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}),
    )


class SetupForm(AccessibleForm):
    """Enrolment: the first code the new authenticator app shows."""

    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=16,
        help_text=_("De zescijferige code die de app nu toont."),
        error_messages={"required": _("Vul de code uit de app in.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


class _Styled:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.widget.attrs.pop("autofocus", None)
        _style(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        _mark_invalid(self)  # type: ignore[arg-type]


class _SetsPasswordThroughService:
    """Saving sets the password through accounts.services.set_password (audited; revokes the user's API tokens)."""

    how = ""  # "change" or "reset": recorded in the security event
    request: Any = None
    user: Any
    cleaned_data: dict[str, Any]

    def save(self, commit: bool = True) -> Any:
        saved = services.set_password(
            actor=self.user, user=self.user, password=self.cleaned_data["new_password1"], how=self.how, request=self.request
        )
        self.user.password = saved.password  # the view keeps this session with the new hash
        return saved


class PasswordChangeForm(_SetsPasswordThroughService, _Styled, auth_forms.PasswordChangeForm):
    """Change your own password (the current one first)."""

    how = "change"


class SetPasswordForm(_SetsPasswordThroughService, _Styled, auth_forms.SetPasswordForm):
    """A new password through the e-mailed link."""

    how = "reset"


class PasswordResetForm(_Styled, auth_forms.PasswordResetForm):
    """Ask for a reset link; the answer is the same whether or not the address is known."""
