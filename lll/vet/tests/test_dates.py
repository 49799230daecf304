"""Dates on the vet pages and documents: "12 marca 2024 r." in Polish, no "r." in English."""

import io
import re

import docx
import pytest
from django.conf import settings
from django.urls import reverse

from lll.vet.models import Opinion, OpinionRequest

pytestmark = pytest.mark.django_db

POLISH_DATE = r"\d{1,2} [a-ząćęłńóśźż]+ \d{4} r\."


def test_polish_dates_carry_r_in_tables_headings_and_documents(client, demo, secretary):
    client.force_login(secretary)
    listing = client.get(reverse("vet:request_list")).content.decode()
    assert re.search(rf"<td>{POLISH_DATE}</td>", listing)

    item = (
        OpinionRequest.objects.filter(opinion=Opinion.POSITIVE)
        .exclude(meeting=None)
        .order_by("-decided_on")
        .first()
    )
    assert item is not None
    page = client.get(reverse("vet:request", args=[item.pk])).content.decode()
    assert re.search(rf"{item.meeting}(</a>)?, {POLISH_DATE}</dd>", page)
    # Earlier opinions and the history of changes: every date in a cell has "r.".
    cells = re.findall(r"<td>(\d{1,2} [a-ząćęłńóśźż]{4,} \d{4}[^<]*)</td>", page)
    assert len(cells) >= 2
    assert all(re.fullmatch(rf"{POLISH_DATE}(, \d\d:\d\d)?", c) for c in cells), cells

    deadlines = client.get(reverse("vet:deadlines")).content.decode()
    assert not re.search(r"\d{4}</h3>", deadlines)  # meeting headings end with "r."

    sheet = client.get(reverse("vet:request_docx", args=[item.pk]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(sheet.content)).paragraphs)
    assert re.search(rf"{POLISH_DATE}$", text, re.MULTILINE) and "r.." not in text


def test_english_dates_have_no_r(client, demo, secretary):
    client.force_login(secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    item = OpinionRequest.objects.exclude(meeting=None).first()
    assert item is not None
    page = client.get(reverse("vet:request", args=[item.pk])).content.decode()
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}</dd>", page) and " r.<" not in page
    form = client.get(reverse("vet:request_edit", args=[item.pk])).content.decode()
    assert re.search(r"\(\d{1,2} [A-Z][a-z]+ \d{4}\)</option>", form)
    assert not re.search(r"\d{4} r\.\)</option>", form)
