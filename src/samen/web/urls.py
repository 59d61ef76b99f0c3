from django.contrib.auth import views as auth_views
from django.urls import path

from samen.accounts import views as account
from samen.proposals import views as proposal_views
from samen.publication import views as calendar_views
from samen.web import bodies, meeting_views, views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # Accounts (docs/security.md): the code step, enrolment, passwords, API tokens.
    path("inloggen/code/", account.login_code, name="login_code"),
    path("inloggen/tweestapsverificatie/", account.two_factor_setup, name="two_factor_setup"),
    path("account/", account.account, name="account"),
    path("account/herstelcodes/", account.recovery_codes, name="recovery_codes"),
    path("account/wachtwoord/", account.PasswordChangeView.as_view(), name="password_change"),
    path("account/wachtwoord/gewijzigd/", account.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("account/agenda/vernieuwen/", account.calendar_feed_reset, name="calendar_feed_reset"),
    path("account/tokens/", account.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/intrekken/", account.revoke_token, name="revoke_token"),
    path("wachtwoord-vergeten/", account.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", account.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("wachtwoord-herstellen/<uidb64>/<token>/", account.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("wachtwoord-herstellen/klaar/", account.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # The calendar feed (agenda-abonnement): a secret link, no session (samen.publication).
    path("kalender/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("overeenkomst/", views.agreement, name="agreement"),
    path("overeenkomst/tekst/", views.agreement_text, name="agreement_text"),
    # Bodies and members (art. 1 sub e-h, art. 5): samen.web.bodies.
    path("overeenkomst/organen/", bodies.bodies, name="bodies"),
    path("overeenkomst/organen/<slug:key>/", bodies.body, name="body"),
    path("uitleg/<str:item_id>/", views.explanation, name="explanation"),
    path("wat-als/", views.whatif, name="whatif"),
    # Meetings (art. 5): samen.web.meeting_views
    path("vergaderingen/", meeting_views.meeting_list, name="meetings"),
    path("vergaderingen/plannen/", meeting_views.meeting_plan, name="meeting_plan"),
    path("vergaderingen/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("vergaderingen/<int:pk>/gehouden/", meeting_views.meeting_held, name="meeting_held"),
    # Proposals to the parties and their decisions (art. 12, art. 6): samen.proposals.
    path("voorstellen/", proposal_views.proposal_list, name="proposals"),
    path("voorstellen/<uuid:public_id>/", proposal_views.proposal_detail, name="proposal"),
]
