from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "samen.reminders"
    label = "reminders"
    verbose_name = "herinneringen"
    default_auto_field = "django.db.models.BigAutoField"
