from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.proposals"
    label = "proposals"
    default_auto_field = "django.db.models.BigAutoField"
