from django.urls import path

from . import views

app_name = "vet"

urlpatterns = [
    path("", views.home, name="home"),
    path("wnioski/", views.request_list, name="request_list"),
    path("wnioski/nowy/", views.request_edit, name="request_create"),
    path("wnioski/<int:pk>/", views.request_detail, name="request"),
    path("wnioski/<int:pk>/edycja/", views.request_edit, name="request_edit"),
    path("wnioski/<int:pk>/karta.docx", views.request_evidence_docx, name="request_docx"),
    path("wnioski/<int:pk>/opinia/", views.request_opinion, name="request_opinion"),
    path("wnioski/<int:pk>/losy/nowe/", views.outcome_edit, name="outcome_create"),
    path("wnioski/<int:pk>/losy/<int:outcome_pk>/", views.outcome_edit, name="outcome_edit"),
    path(
        "wnioski/<int:pk>/losy/<int:outcome_pk>/usun/",
        views.outcome_delete,
        name="outcome_delete",
    ),
    path("terminy/", views.deadlines, name="deadlines"),
    path("zawody/", views.occupation_list, name="occupation_list"),
    path("barometr/", views.barometer_list, name="barometer_list"),
    path("prognoza/", views.forecast_list, name="forecast_list"),
    path("prognoza/nowa/", views.forecast_edit, name="forecast_create"),
    path("prognoza/<int:pk>/", views.forecast_edit, name="forecast_edit"),
    path("prognoza/<int:pk>/usun/", views.forecast_delete, name="forecast_delete"),
    path("szkoly/", views.school_list, name="school_list"),
    path("import/", views.import_list, name="import_list"),
    path("import/nowy/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_batch, name="import_batch"),
    path("import/<int:pk>/kolumny/", views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/podglad/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/zapisz/", views.import_commit, name="import_commit"),
    path("import/<int:pk>/anuluj/", views.import_cancel, name="import_cancel"),
    path("import/<int:pk>/czytaj-ponownie/", views.import_read_again, name="import_read_again"),
    path("import/<int:pk>/ponow/", views.import_retry, name="import_retry"),
    path("import/<int:pk>/porzuc/", views.import_abandon, name="import_abandon"),
    path("raport/<int:cohort>/", views.report, name="report"),
    path("raport/<int:cohort>/publikacja/", views.report_publish, name="report_publish"),
    path("raport/<int:cohort>/wskazniki/", views.report_indicators, name="report_indicators"),
]
