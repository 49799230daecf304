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


def test_xlsx_keeps_formula_like_text_as_text_and_names_the_sheet():
    import io

    import openpyxl

    request = RequestFactory().get("/", {"export": "xlsx"})
    response = export_response(request, "uzytkownicy", ["Nazwisko"], [["=1+1"], ["-Nowak"]])
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "uzytkownicy"
    assert [c.value for c in sheet["A"]] == ["Nazwisko", "=1+1", "-Nowak"]
    assert sheet["A2"].data_type == "s"
