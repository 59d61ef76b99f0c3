from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.parties"
    label = "parties"
    default_auto_field = "django.db.models.BigAutoField"
