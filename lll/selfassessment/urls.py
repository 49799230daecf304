from django.urls import path

from . import views

app_name = "selfassessment"

urlpatterns = [
    path("", views.home, name="home"),
    # Frameworks
    path("ramy/nowe/", views.framework_new, name="framework_new"),
    path("ramy/import/", views.framework_import, name="framework_import"),
    path("ramy/<int:pk>/", views.framework_detail, name="framework"),
    path("ramy/<int:pk>/edycja/", views.framework_edit, name="framework_edit"),
    path("ramy/<int:pk>/nowa-wersja/", views.framework_new_version, name="framework_new_version"),
    path("ramy/<int:pk>/eksport.<str:ext>", views.framework_export, name="framework_export"),
    path("ramy/<int:framework_pk>/obszary/nowy/", views.area_edit, name="area_new"),
    path("ramy/<int:framework_pk>/obszary/<int:pk>/", views.area_edit, name="area_edit"),
    path("obszary/<int:pk>/usun/", views.area_delete, name="area_delete"),
    path("obszary/<int:area_pk>/kryteria/nowe/", views.criterion_edit, name="criterion_new"),
    path("obszary/<int:area_pk>/kryteria/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("kryteria/<int:pk>/usun/", views.criterion_delete, name="criterion_delete"),
    path("ramy/<int:framework_pk>/poziomy/nowy/", views.level_edit, name="level_new"),
    path("poziomy/<int:pk>/", views.level_edit, name="level_edit"),
    path("poziomy/<int:pk>/usun/", views.level_delete, name="level_delete"),
    # Rounds
    path("rundy/nowa/", views.round_new, name="round_new"),
    path("rundy/<int:pk>/", views.round_detail, name="round"),
    path("rundy/<int:pk>/edycja/", views.round_edit, name="round_edit"),
    path("rundy/<int:pk>/status/", views.round_status, name="round_status"),
    path("rundy/<int:pk>/zaproszenia/", views.round_invite, name="round_invite"),
    path("rundy/<int:pk>/respondenci/", views.respondent_add, name="respondent_add"),
    path("respondenci/<int:pk>/usun/", views.respondent_remove, name="respondent_remove"),
    path("rundy/<int:pk>/ocena/", views.respond, name="respond"),
    path("rundy/<int:pk>/ocena/wyslij/", views.respond_submit, name="respond_submit"),
    path("rundy/<int:pk>/ocena/<str:code>/", views.respond_area, name="respond_area"),
    path("odpowiedzi/<int:pk>/plik/", views.evidence_file, name="evidence_file"),
    path("rundy/<int:pk>/wyniki/", views.results, name="results"),
    path("rundy/<int:pk>/konsensus/", views.consensus, name="consensus"),
    path("rundy/<int:pk>/priorytety/nowy/", views.priority_add, name="priority_add"),
    path("priorytety/<int:pk>/edycja/", views.priority_edit, name="priority_edit"),
    path("priorytety/<int:pk>/usun/", views.priority_delete, name="priority_delete"),
    path("priorytety/<int:pk>/tablica/", views.priority_to_board, name="priority_to_board"),
    path("rundy/<int:pk>/raport.<str:ext>", views.report, name="report"),
    path("rundy/<int:pk>/wyniki.json", views.export_results, name="export_results"),
    # Other regions
    path("inne-regiony/", views.external_list, name="external_list"),
    path("inne-regiony/przyklad.json", views.example_file, name="example_file"),
    path("inne-regiony/<int:pk>/", views.external_detail, name="external"),
    path("inne-regiony/<int:pk>/usun/", views.external_delete, name="external_delete"),
]
