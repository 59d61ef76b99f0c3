from django.contrib.auth import views as auth_views
from django.urls import path

from samen.web import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("overeenkomst/", views.agreement, name="agreement"),
    path("overeenkomst/tekst/", views.agreement_text, name="agreement_text"),
    path("uitleg/<str:item_id>/", views.explanation, name="explanation"),
    path("wat-als/", views.whatif, name="whatif"),
]
