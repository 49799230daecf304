from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/kolumny/", views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/podglad/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/zatwierdz/", views.import_commit, name="import_commit"),
    path("import/<int:pk>/anuluj/", views.import_cancel, name="import_cancel"),
    path("import/<int:pk>/czytaj-ponownie/", views.import_read_again, name="import_read_again"),
    path("import/<int:pk>/ponow/", views.import_retry, name="import_retry"),
    path("import/<int:pk>/porzuc/", views.import_abandon, name="import_abandon"),
    path("import/zrodlo/<slug:code>/", views.import_from_source, name="import_from_source"),
    path("nowy/", views.indicator_edit, name="indicator_create"),
    path("<slug:code>/edycja/", views.indicator_edit, name="indicator_edit"),
    path("<slug:code>/cele/nowy/", views.target_edit, name="target_create"),
    path("<slug:code>/cele/<int:pk>/", views.target_edit, name="target_edit"),
    path("reguly/", views.rule_list, name="rule_list"),
    path("reguly/nowa/", views.rule_edit, name="rule_create"),
    path("reguly/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("importy/", views.batch_list, name="batch_list"),
    path("importy/<int:pk>/", views.batch_detail, name="batch"),
    path("importy/<int:pk>/plik/", views.batch_file, name="batch_file"),
    path("profil/<str:code>/", views.unit_profile, name="unit_profile"),
    path("obszar/<slug:theme>/", views.theme, name="theme"),
    path("porownanie/", views.compare, name="compare"),
    path("region-wsrod-wojewodztw/", views.region_among, name="region"),
    path("<slug:code>/", views.indicator_detail, name="indicator"),
]
