from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from samen.accounts import events

        events.connect()
