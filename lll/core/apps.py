from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lll.core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from lll.core import dataversion

        connection_created.connect(dataversion.watch, dispatch_uid="lll-data-version")
        # `migrate` (also the one after restoring a backup) gives the data a new version.
        post_migrate.connect(_new_version, sender=self, dispatch_uid="lll-data-version-migrate")
        # Connections opened before this (none in a normal start) are watched too.
        for connection in connections.all(initialized_only=True):
            dataversion.watch(None, connection)


def _new_version(using: str = "default", **kwargs: object) -> None:
    from lll.core import dataversion

    dataversion.advance(using)
