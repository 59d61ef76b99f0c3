from django.contrib.auth import views as auth_views
from django.urls import path

from samen.web import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inloggen/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("overeenkomst/", views.agreement, name="agreement"),
]
