"""Writing a report file's checked activities in batches: the bulk path of the upload.

The same outcome as `reporting.save_activity` row by row (the report and institution set, the
links replaced, every value changed after the report's first submission logged with who, when,
the old and the new value, a report not started becomes a draft), but per batch of rows: one
`bulk_create` of the new activities and of their link rows, one `bulk_update` of the changed ones,
one read of the stored activities with their links, one `bulk_create` of the change log.
The caller (`workbook.import_report`) runs it inside the import's one transaction, so a bad row
anywhere still leaves nothing written.
"""

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db.models import Model
from django.utils import timezone

from ..models import Activity, ActivityChange, Report, ReportStatus, codes
from .reporting import LOGGED, M2M, label_of, snapshot

BATCH = 1000

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


def _link_rows(key: str, pairs: Iterable[tuple[int, list[Model]]]) -> list[Model]:
    """The through-table rows of relation `key` for (activity pk, linked objects) pairs."""
    field = Activity._meta.get_field(key)
    through = field.remote_field.through  # type: ignore[union-attr]
    source = f"{field.m2m_field_name()}_id"  # type: ignore[union-attr]
    target = f"{field.m2m_reverse_field_name()}_id"  # type: ignore[union-attr]
    rows = []
    for pk, items in pairs:
        for item_pk in dict.fromkeys(item.pk for item in items):
            rows.append(through(**{source: pk, target: item_pk}))
    return rows


def _insert(report: Report, rows: list[dict[str, Any]]) -> None:
    activities, links = [], []
    for values in rows:
        scalars, relations = _split(values)
        activities.append(
            Activity(**scalars, report=report, institution_id=report.institution_id)
        )
        links.append(relations)
    Activity.objects.bulk_create(activities)
    for key in M2M:
        pairs = [(a.pk, rel[key]) for a, rel in zip(activities, links, strict=True) if rel.get(key)]
        if pairs:
            field = Activity._meta.get_field(key)
            field.remote_field.through.objects.bulk_create(  # type: ignore[union-attr]
                _link_rows(key, pairs)
            )


def _update(report: Report, rows: dict[int, dict[str, Any]], user: Any, logged: bool) -> None:
    relation_keys = sorted({key for values in rows.values() for key in values if key in M2M})
    stored = list(
        Activity.objects.filter(pk__in=rows, report=report).prefetch_related(*relation_keys)
    )
    now = timezone.now()
    fields: set[str] = {"report", "institution", "updated_at"}
    replace: dict[str, list[tuple[int, list[Model]]]] = {key: [] for key in relation_keys}
    changes = []
    for activity in stored:
        before = snapshot(activity) if logged else {}
        current = {
            key: {item.pk for item in getattr(activity, key).all()} for key in relation_keys
        }
        scalars, relations = _split(rows[activity.pk])
        for key, value in scalars.items():
            setattr(activity, key, value)
        fields.update(scalars)
        activity.report, activity.institution_id, activity.updated_at = (
            report,
            report.institution_id,
            now,
        )
        for key, items in relations.items():
            if {item.pk for item in items} != current[key]:
                replace[key].append((activity.pk, items))
        if logged:
            after = snapshot(activity, relations)
            changes.extend(
                ActivityChange(
                    activity=activity,
                    report=report,
                    activity_title=activity.title,
                    field=label_of(key),
                    old_value=before[key],
                    new_value=after[key],
                    changed_by=user,
                )
                for key in LOGGED
                if before[key] != after[key]
            )
    Activity.objects.bulk_update(stored, sorted(fields))
    for key, pairs in replace.items():
        if not pairs:
            continue
        field = Activity._meta.get_field(key)
        through = field.remote_field.through  # type: ignore[union-attr]
        source = f"{field.m2m_field_name()}_id"  # type: ignore[union-attr]
        through.objects.filter(**{f"{source}__in": [pk for pk, _items in pairs]}).delete()
        through.objects.bulk_create(_link_rows(key, pairs))
    ActivityChange.objects.bulk_create(changes)


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
