from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("rejestr/", views.activity_list, name="activity_list"),
    path("rejestr/nowe/", views.activity_edit, name="activity_new"),
    path("rejestr/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("rejestr/<int:pk>/edycja/", views.activity_edit, name="activity_edit"),
    path("kkz/", views.kkz_page, name="kkz"),
    path("wskazniki/", views.figures_page, name="figures"),
    path("raporty/", views.annual_list, name="annual_list"),
    path("raporty/<int:pk>/", views.annual_detail, name="annual_detail"),
    path("raporty/<int:pk>/tekst/", views.annual_edit, name="annual_edit"),
    path("raporty/<int:pk>/publikacja/", views.annual_publish, name="annual_publish"),
    path("raporty/<int:pk>/nowa-wersja/", views.annual_new_version, name="annual_new_version"),
    path("raporty/<int:pk>/docx/", views.annual_docx, name="annual_docx"),
    path("raporty/<int:pk>/pdf/", views.annual_pdf, name="annual_pdf"),
    path("cykle/", views.cycle_list, name="cycle_list"),
    path("cykle/nowy/", views.cycle_edit, name="cycle_new"),
    path("cykle/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cykle/<int:pk>/przypomnienia/", views.cycle_remind, name="cycle_remind"),
    path("partnerzy/zaproszenie/", views.invite, name="invite"),
    path("sprawozdania/", views.report_list, name="report_list"),
    path("sprawozdania/<int:pk>/", views.report_detail, name="report_detail"),
    path("sprawozdania/<int:pk>/nowe/", views.report_activity_new, name="report_activity_new"),
    path("sprawozdania/<int:pk>/plik/", views.report_download, name="report_download"),
    path("sprawozdania/<int:pk>/wczytaj/", views.report_upload, name="report_upload"),
    path("wczytania/<int:pk>/", views.report_import, name="report_import"),
    path("wczytania/<int:pk>/zapisz/", views.report_import_commit, name="report_import_commit"),
    path("wczytania/<int:pk>/ponownie/", views.report_import_again, name="report_import_again"),
    path("wczytania/<int:pk>/anuluj/", views.report_import_cancel, name="report_import_cancel"),
    path("sprawozdania/<int:pk>/zloz/", views.report_submit, name="report_submit"),
    path("sprawozdania/<int:pk>/zwroc/", views.report_return, name="report_return"),
    path("sprawozdania/<int:pk>/zatwierdz/", views.report_approve, name="report_approve"),
    path("sprawozdania/<int:pk>/cofnij/", views.report_withdraw, name="report_withdraw"),
]
