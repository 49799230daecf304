from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lll.core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from lll.core import dataversion

        connection_created.connect(dataversion.watch, dispatch_uid="lll-data-version")
        # Connections opened before this (none in a normal start) are watched too.
        for connection in connections.all(initialized_only=True):
            dataversion.watch(None, connection)
