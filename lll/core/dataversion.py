"""The data version: one row that every change of the data advances, the key under which public
pages and API answers are cached (`lll.core.pagecache`) and from which their ETag and
Last-Modified come.

How it advances: every INSERT, UPDATE, DELETE or TRUNCATE this process sends to the database
(`connection.execute_wrapper`, installed on each new connection) marks the connection; when the
transaction commits (at once in autocommit) the version gets a new random token and the time.
So an import's `bulk_create`, a queryset `update()`, a fast delete, a publication, an edit in a
form or in the admin all advance it, with no list of models or signals to keep in step, and a
transaction that rolls back advances nothing. Tables that never show on a public page
(`LLL_DATA_VERSION_IGNORED_TABLES`: sessions, login throttling, the task queue, the admin log,
this table) do not count, so logging in, a session's renewal or the worker polling its queue
keeps the cache.

The token is random rather than a counter so that a database restored from a backup (or
`flush`ed by the tests) never meets cache entries left under the same number by the data it
replaced. Data changed outside the system (psql) is not seen: run `lll advance_data_version`.

Reading order matters and is kept by the cache: a request reads the version first and the data
after, and the version moves only after the data is committed, so a page is never stored under
a version newer than its data.
"""

import datetime
import functools
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

logger = logging.getLogger(__name__)

DEFAULT_IGNORED_TABLES = frozenset(
    {
        "core_dataversion",
        "django_session",
        "django_migrations",
        "django_admin_log",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
        "axes_accessattemptexpiration",
        "django_tasks_database_dbtaskresult",
        "django_tasks_db_dbtaskresult",
    }
)
_WRITE = re.compile(
    r"(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)"
    r"\s+(?:ONLY\s+)?\"?([\w.]+)\"?",
    re.IGNORECASE,
)
_WRITE_STARTS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE")
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Version:
    token: str
    changed_at: datetime.datetime


def _model() -> Any:
    from lll.core.models import DataVersion

    return DataVersion


def current(using: str = DEFAULT_DB_ALIAS) -> Version:
    """The version now (one indexed read of one row)."""
    row = _model().objects.using(using).filter(pk=1).values_list("token", "changed_at").first()
    if row is None:
        return Version("0", EPOCH)
    return Version(row[0], row[1])


def advance(using: str = DEFAULT_DB_ALIAS) -> None:
    """Give the data a new version now (after a commit; also by `lll advance_data_version`)."""
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    try:
        model = _model()
        if not model.objects.using(using).filter(pk=1).update(**values):
            model.objects.using(using).update_or_create(pk=1, defaults=values)
    except DatabaseError:
        # Only while `migrate` has not yet made this table (writes of earlier migrations).
        logger.debug("data version not advanced: no table yet", exc_info=True)


@functools.cache
def _after_commit(using: str) -> Callable[[], None]:
    return functools.partial(advance, using)


def changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """The data on this connection changed: advance the version when the transaction commits
    (once per transaction however many rows it wrote; at once outside a transaction)."""
    connection = connections[using]
    if not connection.in_atomic_block:
        advance(using)
        return
    hook = _after_commit(using)
    if not any(entry[1] is hook for entry in connection.run_on_commit):
        transaction.on_commit(hook, using=using)


def _ignored_tables() -> frozenset[str]:
    extra = getattr(settings, "LLL_DATA_VERSION_IGNORED_TABLES", ())
    return DEFAULT_IGNORED_TABLES | frozenset(extra)


def is_data_write(sql: str) -> bool:
    """Does this statement change a table that counts? (Unrecognised writes count.)"""
    sql = sql.lstrip()
    if not sql[:8].upper().startswith(_WRITE_STARTS):
        return False
    match = _WRITE.match(sql)
    if match is None:
        return True
    return match.group(1).lower() not in _ignored_tables()


def _watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    if is_data_write(sql):
        changed(context["connection"].alias)
    return result


def watch(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: watch this connection's writes (core's AppConfig)."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)
