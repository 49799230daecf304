from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lll.core"
    verbose_name = "Core"
