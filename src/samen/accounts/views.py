"""Account pages: the code step and enrolment of the second factor, recovery codes, passwords, API tokens.

Thin views: the writes are accounts.services; TwoFactorRequiredMiddleware sends an unverified
session here. URLs are in samen.web.urls (namespace "web").
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from samen.accounts import feeds, forms, services, twofactor
from samen.accounts.models import SecurityEvent
from samen.core.errors import ServiceError
from samen.web.views import _page

RECOVERY_SESSION_KEY = "samen_recovery_codes"


def _next(request: HttpRequest) -> str:
    """Where to go after the code step: a safe `next`, or the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, target: str) -> str:
    return reverse(name) + "?" + urlencode({"next": target})


def _errors(form: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, errs in form.errors.items():
        anchor = form[name].auto_id if name in form.fields else (form[next(iter(form.fields))].auto_id if form.fields else "")
        out += [(anchor, str(e)) for e in errs]
    return out


def _demo_hint(user: Any) -> dict[str, Any]:
    from samen import demo

    shown = settings.DEMO_MODE and getattr(user, "username", "") in demo.ACCOUNTS
    return {"demo_secret": settings.DEMO_TOTP_SECRET if shown else ""}


def _verified_login(request: HttpRequest, device: Any) -> None:
    """Mark this session as having passed the second factor, under a new session key."""
    request.session.cycle_key()
    django_otp.login(request, device)


@never_cache
@sensitive_post_parameters("code")
@login_required
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: a code from the authenticator app, or a recovery code."""
    user: Any = request.user
    target = _next(request)
    if not twofactor.needs_code(user) or twofactor.is_verified(request):
        return HttpResponseRedirect(target)
    if not twofactor.is_enrolled(user):
        return HttpResponseRedirect(_with_next("web:two_factor_setup", target))
    form = forms.CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(user=user, code=form.cleaned_data["code"], request=request)
        if device is not None:
            _verified_login(request, device)
            return HttpResponseRedirect(target)
        form.add_error("code", _("Deze code klopt niet, of is al gebruikt. Wacht op de volgende code van de app en probeer opnieuw."))
        status = 400
    elif request.method == "POST":
        status = 400
    context = {"form": form, "next": target, "errors": _errors(form), **_demo_hint(user)}
    return _page(request, "accounts/login_code.html", context, status=status)


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: QR code and secret, confirm with a code, then the recovery codes once.

    Without a device anyone with the password could enrol, so a user who has one must pass the
    code step first (and may then replace the device, e.g. on a new phone).
    """
    user: Any = request.user
    target = _next(request)
    if twofactor.is_enrolled(user) and not twofactor.is_verified(request):
        return HttpResponseRedirect(_with_next("web:login_code", target))
    device = services.start_totp_enrolment(user=user)
    form = forms.SetupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            confirmed, codes = services.confirm_totp(actor=user, user=user, code=form.cleaned_data["code"], request=request)
        except ServiceError as e:
            form.add_error("code", e.message)
            status = 400
        else:
            _verified_login(request, confirmed)
            request.session[RECOVERY_SESSION_KEY] = codes
            return HttpResponseRedirect(_with_next("web:recovery_codes", target))
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "next": target,
        "errors": _errors(form),
        "qr": twofactor.qr_data_uri(device),
        "secret": twofactor.base32_secret(device),
        "replacing": twofactor.is_enrolled(user),
        "required": twofactor.required_for(user),
    }
    return _page(request, "accounts/two_factor_setup.html", context, status=status)


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown once right after they are made; otherwise how many are left and a way to renew."""
    user: Any = request.user
    if request.method == "POST":
        if not twofactor.is_verified(request):
            return HttpResponseRedirect(reverse("web:login_code"))
        request.session[RECOVERY_SESSION_KEY] = services.renew_recovery_codes(actor=user, user=user, request=request)
        return HttpResponseRedirect(reverse("web:recovery_codes"))
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    context = {
        "codes": codes or [],
        "left": twofactor.remaining_recovery_codes(user),
        "next": _next(request),
        "enrolled": twofactor.is_enrolled(user),
    }
    return _page(request, "accounts/recovery_codes.html", context, nav="account")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Your account: role, second factor, password, API tokens, recent security events."""
    user: Any = request.user
    context = {
        "enrolled": twofactor.is_enrolled(user),
        "two_factor_required": twofactor.required_for(user),
        "recovery_left": twofactor.remaining_recovery_codes(user),
        "active_tokens": sum(1 for t in services.tokens_of(user) if t.active),
        "events": SecurityEvent.objects.filter(user=user)[:10],
        **calendar_links(request, user),
        "reminder_choices": reminder_choices(),
        "reminder_saved": request.GET.get("herinneringen") == "opgeslagen",
    }
    return _page(request, "accounts/account.html", context, nav="account")


def reminder_choices() -> list[tuple[str, str]]:
    """The two ways to receive reminders (samen.reminders), as the account page offers them."""
    return [
        ("immediate", _("Elke herinnering meteen, in een eigen e-mail")),
        ("weekly", _("Eén weekoverzicht per week")),
    ]


@require_POST
@login_required
def reminder_delivery(request: HttpRequest) -> HttpResponse:
    """Choose how reminders arrive: each at once, or in a weekly digest (accounts.services.set_reminder_delivery)."""
    try:
        services.set_reminder_delivery(actor=request.user, user=request.user, delivery=request.POST.get("reminder_delivery", ""))  # type: ignore[arg-type]
    except ServiceError as e:
        return HttpResponse(e.message, status=400, content_type="text/plain; charset=utf-8")  # only a hand-made POST gets here
    return HttpResponseRedirect(reverse("web:account") + "?herinneringen=opgeslagen#herinneringen")


def calendar_links(request: HttpRequest, user: Any) -> dict[str, str]:
    """The user's calendar feed as an https (or http) link and as a webcal: link (accounts.feeds)."""
    from samen.publication.addresses import absolute

    url = absolute(reverse("web:calendar_feed", args=[feeds.token_for(user)]), request)
    return {"calendar_url": url, "calendar_webcal": "webcal://" + url.split("://", 1)[1]}


@require_POST
@login_required
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    """A new secret link for the calendar feed; the old one stops working."""
    try:
        services.reset_calendar_feed(actor=request.user, user=request.user, request=request)  # type: ignore[arg-type]
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Uw agendalink is vernieuwd. De oude link werkt niet meer; abonneer uw agenda opnieuw."))
    return HttpResponseRedirect(reverse("web:account") + "#agenda")


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """Your API tokens: when made, when they expire, when last used; revoke one."""
    return _page(request, "accounts/tokens.html", {"tokens": list(services.tokens_of(request.user))}, nav="account")  # type: ignore[arg-type]


@require_POST
@login_required
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = services.revoke_api_token(actor=request.user, token_id=token_id, request=request)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Token %(label)s is ingetrokken.") % {"label": token.label})
    return redirect("web:tokens")


class _PageMixin:
    """Render Django's auth views through the page frame (as-of bar, role label)."""

    nav = "account"

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        request = self.request  # type: ignore[attr-defined]
        form = context.get("form")
        status = 400 if request.method == "POST" and form is not None and form.errors else kwargs.get("status", 200)
        if form is not None:
            context["errors"] = _errors(form)
        return _page(request, self.template_name, context, nav=self.nav, status=status)  # type: ignore[attr-defined]

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)  # type: ignore[misc]
        form.request = self.request  # type: ignore[attr-defined]
        return form


class PasswordChangeView(_PageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("web:password_change_done")


class PasswordChangeDoneView(_PageMixin, auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@method_decorator(never_cache, name="dispatch")
class PasswordResetView(_PageMixin, auth_views.PasswordResetView):
    nav = ""
    template_name = "accounts/password_reset.html"
    form_class = forms.PasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("web:password_reset_done")


class PasswordResetDoneView(_PageMixin, auth_views.PasswordResetDoneView):
    nav = ""
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(_PageMixin, auth_views.PasswordResetConfirmView):
    nav = ""
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("web:password_reset_complete")


class PasswordResetCompleteView(_PageMixin, auth_views.PasswordResetCompleteView):
    nav = ""
    template_name = "accounts/password_reset_complete.html"
