from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.governance"
    label = "governance"
    default_auto_field = "django.db.models.BigAutoField"
