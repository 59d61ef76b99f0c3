from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.disputes"
    label = "disputes"
    default_auto_field = "django.db.models.BigAutoField"
