from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.cooperation"
    label = "cooperation"
    default_auto_field = "django.db.models.BigAutoField"
