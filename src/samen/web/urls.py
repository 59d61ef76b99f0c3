from django.contrib.auth import views as auth_views
from django.urls import path

from samen.accounts import views as account
from samen.budgets import views as budget_views
from samen.cooperation import views as agenda_views
from samen.disputes import views as dispute_views
from samen.documents import views as document_views
from samen.invoicing import views as invoice_views
from samen.proposals import views as proposal_views
from samen.publication import views as calendar_views
from samen.web import bodies, meeting_views, procedure_views, views

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
    path("account/herinneringen/", account.reminder_delivery, name="reminder_delivery"),
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
    path("vergaderingen/<int:pk>/wijzigen/", meeting_views.meeting_edit, name="meeting_edit"),
    path("vergaderingen/<int:pk>/afgelasten/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path("vergaderingen/<int:pk>/agendapunten/toevoegen/", meeting_views.meeting_item_add, name="meeting_item_add"),
    path("vergaderingen/<int:pk>/agendapunten/<int:item>/", meeting_views.meeting_item_edit, name="meeting_item_edit"),
    path("vergaderingen/<int:pk>/agendapunten/<int:item>/verplaatsen/", meeting_views.meeting_item_move, name="meeting_item_move"),
    path("vergaderingen/<int:pk>/agendapunten/<int:item>/verwijderen/", meeting_views.meeting_item_remove, name="meeting_item_remove"),
    path("vergaderingen/<int:pk>/notulen/", meeting_views.meeting_minutes, name="meeting_minutes"),
    path("vergaderingen/<int:pk>/notulen/vaststellen/", meeting_views.meeting_minutes_adopt, name="meeting_minutes_adopt"),
    path("vergaderingen/<int:pk>/agenda.pdf", meeting_views.meeting_agenda_pdf, name="meeting_agenda_pdf"),
    path("vergaderingen/<int:pk>/besluitenlijst.pdf", meeting_views.meeting_decisions_pdf, name="meeting_decisions_pdf"),
    # Proposals to the parties and their decisions (art. 12, art. 6): samen.proposals.
    path("voorstellen/", proposal_views.proposal_list, name="proposals"),
    path("voorstellen/<uuid:public_id>/", proposal_views.proposal_detail, name="proposal"),
    # Procedures as guided paths (issue 9): samen.web.procedure_views over samen.web.procedures.
    path("procedures/", procedure_views.overview, name="procedures"),
    path("procedures/uittreding/<str:code>/", procedure_views.withdrawal, name="procedure_withdrawal"),
    path("procedures/evaluatie/", procedure_views.evaluation, name="procedure_evaluation"),
    path("procedures/begroting/<int:year>/", procedure_views.budget, name="procedure_budget"),
    path("procedures/feiten/", procedure_views.facts, name="procedure_facts"),
    path("procedures/stukken/", procedure_views.document, name="procedure_document"),
    path("procedures/feiten/<uuid:public_id>/corrigeren/", procedure_views.correct, name="procedure_correct"),
    # The cooperation agenda (art. 1 sub d, art. 2): samen.cooperation.
    path("samenwerkingsagenda/", agenda_views.overview, name="agenda"),
    path("samenwerkingsagenda/nieuw/", agenda_views.create, name="assignment_create"),
    path("samenwerkingsagenda/<int:pk>/", agenda_views.detail, name="assignment"),
    path("samenwerkingsagenda/<int:pk>/wijzigen/", agenda_views.edit, name="assignment_edit"),
    path("samenwerkingsagenda/<int:pk>/voortgang/", agenda_views.progress_add, name="assignment_progress"),
    path("samenwerkingsagenda/<int:pk>/projectgroep/", agenda_views.member_add, name="assignment_member"),
    path("samenwerkingsagenda/<int:pk>/projectgroep/<int:member>/beeindigen/", agenda_views.member_end, name="assignment_member_end"),
    path("samenwerkingsagenda/<int:pk>/vergaderingen/", agenda_views.link_add, name="assignment_link"),
    # Disputes (art. 14): samen.disputes; visible only to the parties involved, the chair and the secretariat.
    path("geschillen/", dispute_views.dispute_list, name="disputes"),
    path("geschillen/<str:ref>/", dispute_views.dispute_detail, name="dispute"),
    path("geschillen/<str:ref>/stap/<slug:step>/", dispute_views.dispute_detail, name="dispute_step"),
    path("geschillen/<str:ref>/stukken/", document_views.upload_to_dispute, name="document_upload_dispute"),
    # Documents (stukken): samen.documents. /documenten/<id>/ always serves the latest version.
    path("vergaderingen/<int:pk>/stukken/", document_views.upload_to_meeting, name="document_upload_meeting"),
    path("voorstellen/<uuid:public_id>/stukken/", document_views.upload_to_proposal, name="document_upload_proposal"),
    path("documenten/<uuid:public_id>/", document_views.download, name="document"),
    path("documenten/<uuid:public_id>/versies/", document_views.document_page, name="document_versions"),
    path("documenten/<uuid:public_id>/versies/<int:number>/", document_views.download, name="document_version"),
    # Budgets and commitments (art. 6, art. 4 lid 1 and 4, art. 7 lid 1): samen.budgets.
    path("financien/begroting/", budget_views.budget_list, name="budgets"),
    path("financien/begroting/<int:year>/", budget_views.budget_year, name="budget"),
    path("financien/begroting/<int:year>/goedkeuren/<str:ref>/", budget_views.budget_year, name="budget_approve"),
    path("financien/begroting/<int:year>/<slug:action>/", budget_views.budget_year, name="budget_action"),
    # Invoices, credit notes and payments (samen.invoicing, art. 7, art. 10, art. 14 lid 6).
    path("financien/facturen/", invoice_views.invoice_list, name="invoices"),
    path("financien/facturen/invoices-<int:year>.xlsx", invoice_views.invoice_xlsx, name="invoices_xlsx"),
    path("financien/facturen/<str:number>/", invoice_views.invoice_detail, name="invoice"),
    path("financien/facturen/<str:number>.xml", invoice_views.invoice_xml, name="invoice_xml"),
    path("financien/facturen/<str:number>.pdf", invoice_views.invoice_pdf, name="invoice_pdf"),
]
