"""Writing a report file's checked activities in batches: the bulk path of the upload.

The same outcome as `reporting.save_activity` row by row (the report and institution set, the
links replaced, every value changed after the report's first submission logged with who, when,
the old and the new value, a report not started becomes a draft), but per batch of BATCH rows:
- new activities: one multi-row INSERT ... RETURNING per chunk (the keys come back in order)
  and one `executemany` per relation for their links;
- activities with an ID: one read of the stored ones with their links, then only what differs:
  the changed columns (`executemany`, grouped by the set of columns), the changed links, and a
  change-log entry per changed value (one `bulk_create`).
No query per row. Django's `bulk_create`/`bulk_update` were measured first (docs/performance.md):
preparing all ~30 values of every row, and `bulk_update`'s CASE per column, cost far more than
the database's work. The caller (`workbook.import_report`) runs this inside the import's one
transaction, so a bad row anywhere still leaves nothing written.
"""

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connection, models
from django.db.models import Model
from django.utils import timezone

from ..models import Activity, ActivityChange, Report, ReportStatus, codes
from .reporting import LOGGED, M2M, display, label_of

BATCH = 1000
PK_COLUMN = "id"  # Activity's automatic primary key

Record = tuple[int | None, dict[str, Any]]


def _split(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Model]]]:
    """(the activity's own fields, its links by relation name) of one checked row."""
    scalars, relations = {}, {}
    for key, value in values.items():
        if key in M2M:
            relations[key] = list(value)
        elif key in ("priorities", "target_groups") and isinstance(value, list | tuple):
            scalars[key] = codes(list(value))
        else:
            scalars[key] = value
    return scalars, relations


def _add_links(key: str, pairs: Iterable[tuple[int, list[Model]]]) -> None:
    """Insert the through-table rows of relation `key` for (activity pk, linked objects) pairs:
    two integer columns, so one `executemany` (no model instance per link)."""
    field = Activity._meta.get_field(key)
    through = field.remote_field.through  # type: ignore[union-attr]
    source = through._meta.get_field(field.m2m_field_name()).column  # type: ignore[union-attr]
    target = through._meta.get_field(field.m2m_reverse_field_name()).column  # type: ignore[union-attr]
    rows = [(pk, item_pk) for pk, items in pairs for item_pk in dict.fromkeys(i.pk for i in items)]
    if not rows:
        return
    quote = connection.ops.quote_name
    # Table and column names come from the model (quoted), every value is a query parameter.
    table, columns = quote(through._meta.db_table), f"{quote(source)}, {quote(target)}"
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _same(value: Any) -> Any:
    return value


def _converter(field: models.Field) -> Callable[[Any], Any]:
    """How a value goes to the database: dates, times and amounts as the backend wants them
    (Django's own preparation), everything else (numbers, text, flags, keys) as it is."""
    if isinstance(field, models.DateField | models.DecimalField | models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return _same


def _insert_returning_pks(activities: list[Activity]) -> None:
    """INSERT the new activities with multi-row VALUES ... RETURNING their keys, in the order
    given (what Django's `bulk_create` relies on too), preparing only the values that need it
    (dates, amounts, times): `bulk_create` spent most of an import's time preparing every one
    of the ~30 values of every row. Where the database cannot return rows, `bulk_create`."""
    if not connection.features.can_return_rows_from_bulk_insert:
        Activity.objects.bulk_create(activities)
        return
    now = timezone.now()
    fields = [f for f in Activity._meta.concrete_fields if not f.primary_key]
    converters = [(f.attname, _converter(f)) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = (connection.features.max_query_params or 16_000) // len(fields)
    # Table and column names come from the model (quoted), every value is a query parameter.
    head = f"INSERT INTO {quote(Activity._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    tail = f" RETURNING {quote(PK_COLUMN)}"
    with connection.cursor() as cursor:
        for start in range(0, len(activities), size):
            chunk = activities[start : start + size]
            params: list[Any] = []
            for activity in chunk:
                activity.created_at = activity.updated_at = now
                params.extend(convert(getattr(activity, name)) for name, convert in converters)
            cursor.execute(head + ", ".join([one_row] * len(chunk)) + tail, params)
            for activity, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                activity.pk = pk
                activity._state.adding = False


def _insert(report: Report, rows: list[dict[str, Any]]) -> None:
    activities, links = [], []
    for values in rows:
        scalars, relations = _split(values)
        activities.append(Activity(**scalars, report=report, institution_id=report.institution_id))
        links.append(relations)
    _insert_returning_pks(activities)
    for key in M2M:
        pairs = [(a.pk, rel[key]) for a, rel in zip(activities, links, strict=True) if rel.get(key)]
        _add_links(key, pairs)


def _update(report: Report, rows: dict[int, dict[str, Any]], user: Any, logged: bool) -> None:
    """Only what differs is written: the changed columns of the changed activities (grouped by
    the set of columns, one `executemany` per group), the links of a relation that changed, and
    for each changed value after the first submission its change-log entry."""
    relation_keys = sorted({key for values in rows.values() for key in values if key in M2M})
    stored = list(
        Activity.objects.filter(pk__in=rows, report=report).prefetch_related(*relation_keys)
    )
    now = timezone.now()
    groups: dict[tuple[str, ...], list[Activity]] = {}
    replace: dict[str, list[tuple[int, list[Model]]]] = {key: [] for key in relation_keys}
    changes = []
    for activity in stored:
        scalars, relations = _split(rows[activity.pk])
        different = tuple(sorted(k for k, v in scalars.items() if getattr(activity, k) != v))
        relinked = [
            key
            for key, items in relations.items()
            if {item.pk for item in items} != {item.pk for item in getattr(activity, key).all()}
        ]
        if not different and not relinked:
            continue
        logged_keys = [key for key in (*different, *relinked) if key in LOGGED] if logged else []
        before = {key: display(activity, key) for key in logged_keys}
        for key in different:
            setattr(activity, key, scalars[key])
        activity.updated_at = now
        groups.setdefault((*different, "updated_at"), []).append(activity)
        for key in relinked:
            replace[key].append((activity.pk, relations[key]))
        for key in logged_keys:
            after = display(activity, key, relations.get(key))
            if after != before[key]:
                changes.append(
                    ActivityChange(
                        activity=activity,
                        report=report,
                        activity_title=activity.title,
                        field=label_of(key),
                        old_value=before[key],
                        new_value=after,
                        changed_by=user,
                    )
                )
    for names, activities in groups.items():
        _update_columns(names, activities)
    for key, pairs in replace.items():
        if not pairs:
            continue
        field = Activity._meta.get_field(key)
        through = field.remote_field.through  # type: ignore[union-attr]
        source = f"{field.m2m_field_name()}_id"  # type: ignore[union-attr]
        through.objects.filter(**{f"{source}__in": [pk for pk, _items in pairs]}).delete()
        _add_links(key, pairs)
    ActivityChange.objects.bulk_create(changes)


def _update_columns(names: tuple[str, ...], activities: list[Activity]) -> None:
    """UPDATE the named columns of the activities: one statement, run for each activity."""
    by_name = {f.name: f for f in Activity._meta.concrete_fields}
    fields = [by_name[name] for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    table, key = quote(Activity._meta.db_table), quote(PK_COLUMN)
    # Table and column names come from the model (quoted), every value is a query parameter.
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
    converters = [(f.attname, _converter(f)) for f in fields]
    rows = [
        [*(convert(getattr(a, name)) for name, convert in converters), a.pk] for a in activities
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def write_activities(report: Report, records: Iterator[Record], user: Any) -> tuple[int, int]:
    """Write the records (pk or None for a new activity, checked values) into the report in
    batches of BATCH; returns (inserted, updated). Call inside a transaction."""
    changed_by = user if getattr(user, "is_authenticated", False) else None
    logged = report.submitted_at is not None
    inserted = updated = 0
    while batch := list(islice(records, BATCH)):
        new = [values for pk, values in batch if pk is None]
        old = {pk: values for pk, values in batch if pk is not None}
        if new:
            _insert(report, new)
        if old:
            _update(report, old, changed_by, logged)
        inserted, updated = inserted + len(new), updated + len(old)
    if (inserted or updated) and report.status == ReportStatus.NOT_STARTED:
        report.status = ReportStatus.DRAFT
        report.save(update_fields=["status"])
    return inserted, updated
