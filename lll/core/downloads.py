"""A file the browser saves: one content type per kind and one way to name it."""

from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"
ICS_TYPE = "text/calendar; charset=utf-8"


def content_disposition(filename: str, inline: bool = False) -> str:
    """`attachment; filename=...` with an ASCII fallback and the UTF-8 name (RFC 6266), so
    "protokół.pdf" keeps its Polish letters and no name can break the header."""
    kind = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    ascii_name = ascii_name.replace('"', "").replace("\\", "").replace("\r", "").replace("\n", "")
    if ascii_name == filename:
        return f'{kind}; filename="{filename}"'
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def download(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """The response that makes the browser save `content` as `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def file_name(file: FieldFile) -> str:
    """An uploaded file's own name without the storage folders: "meetings/2024/a.pdf" -> "a.pdf"."""
    return (file.name or "").rpartition("/")[2]


def stored_file(file: FieldFile) -> FileResponse:
    """The response that makes the browser save an uploaded file under its own name."""
    return FileResponse(file.open("rb"), as_attachment=True, filename=file_name(file))
