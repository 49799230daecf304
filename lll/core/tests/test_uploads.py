"""One check for every upload: the content must be what the file's name says."""

import io
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from lll.core.forms import checked_upload

ALL = (".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".odt", ".csv", ".json", ".png", ".jpg")


def _zip(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(part, "<x/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("a.pdf", b"%PDF-1.7\n"),
        ("a.docx", _zip("word/document.xml")),
        ("a.xlsx", _xlsx()),
        ("a.pptx", _zip("ppt/presentation.xml")),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"),
        ("a.odt", _zip("content.xml")),
        ("a.csv", "kod;wartość\n20;1,5\n".encode("cp1250")),
        ("a.json", b'{"a": 1}'),
        ("A.PNG", b"\x89PNG\r\n\x1a\nrest"),
        ("a.jpg", b"\xff\xd8\xff\xe0rest"),
    ],
)
def test_a_file_that_is_what_its_name_says_is_accepted(name, content):
    upload = SimpleUploadedFile(name, content)
    assert checked_upload(upload, ALL) is upload
    assert upload.read() == content  # left at the start for whoever reads it next


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("uchwala.pdf", b"MZ\x90\x00 a program", "PDF"),
        ("dane.xlsx", b"kod;wartosc\n20;1\n", "XLSX"),
        ("dane.xlsx", _zip("word/document.xml"), "XLSX"),  # a Word file renamed
        ("pismo.docx", _xlsx(), "DOCX"),  # a workbook renamed
        ("pismo.docx", b"PK\x03\x04 broken", "DOCX"),
        ("stare.doc", b"<html>", "DOC"),
        ("dane.csv", b"MZ\x90\x00\x03\x00\x00\x00", "CSV"),
        ("zdjecie.png", b"GIF89a", "PNG"),
    ],
)
def test_a_renamed_or_damaged_file_is_refused_naming_the_type(name, content, kind):
    with pytest.raises(forms.ValidationError) as error:
        checked_upload(SimpleUploadedFile(name, content), ALL)
    assert f"nie jest poprawnym plikiem {kind}" in error.value.messages[0]
