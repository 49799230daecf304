import csv
import io

from django.test import RequestFactory

from lll.core.exports import export_response


def test_csv_is_excel_friendly_and_defuses_formulas():
    request = RequestFactory().get("/", {"export": "csv"})
    response = export_response(request, "lista", ["Nazwa", "Uwagi"], [["Łomża", "=HYPERLINK(1)"]])
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Nazwa", "Uwagi"], ["Łomża", "'=HYPERLINK(1)"]]
    assert "lista-" in response["Content-Disposition"]
