"""Every list can be downloaded as CSV or XLSX: `?export=csv` or `?export=xlsx` on its URL."""

import csv
import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get("export") in FORMATS


def _local(value: datetime.datetime) -> datetime.datetime:
    # Spreadsheets have no time zones: show the office's local time, to the minute.
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.replace(tzinfo=None, second=0, microsecond=0)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if value is None:
        return ""
    if isinstance(value, float | Decimal) and get_language() != "en":
        # Polish Excel reads "4,3" as a number and "4.3" as a date.
        return str(value).replace(".", ",")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        # Excel runs a CSV cell starting with these as a formula; user text must not run.
        return "'" + value
    return value


def export_response(
    request: HttpRequest, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    if request.GET.get("export") == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = filename[:31]
        sheet.append([str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_local(v) if isinstance(v, datetime.datetime) else v for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula stays text
        sheet.freeze_panes = "A2"
        buffer = BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    # BOM so Excel opens Polish letters correctly; semicolons as Polish Excel expects.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return response
