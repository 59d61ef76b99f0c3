from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "samen.budgets"
    verbose_name = "Begroting en verplichtingen"
