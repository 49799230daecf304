from django.urls import path

from . import views

app_name = "publicoffice"

# At the site's root: the address every Polish public body uses for its statement.
statement_urlpatterns = [
    path("deklaracja-dostepnosci/", views.accessibility_statement, name="accessibility_statement"),
    path("deklaracja-dostepnosci/edycja/", views.statement_edit, name="statement_edit"),
    path("deklaracja-dostepnosci/przeglad/", views.statement_reviewed, name="statement_reviewed"),
]

urlpatterns = [
    path("rodo/", views.privacy, name="privacy"),
    path("rodo-retencja/", views.retention_periods, name="retention"),
    path("rodo/<str:purpose>/", views.clause_edit, name="clause_edit"),
    path("rodo/<str:purpose>/rejestr/", views.register_entry, name="register_entry"),
    path("moje-dane/", views.my_data, name="my_data"),
    path("moje-dane.<str:fmt>", views.my_data_download, name="my_data_download"),
    path("organy/", views.public_bodies, name="public_bodies"),
    path("organy/<int:pk>/", views.public_body, name="public_body"),
    path("organy/<int:pk>/ustawienia/", views.public_body_edit, name="public_body_edit"),
    path("organy/<int:pk>/kanal.atom", views.public_body_feed, name="public_body_feed"),
    path("organy/<int:pk>/dane.json", views.public_body_json, name="public_body_json"),
    path(
        "organy/<int:pk>/protokoly/<int:minutes_pk>/", views.public_minutes, name="public_minutes"
    ),
    path("ezd/", views.official_documents, name="official_documents"),
    path("ezd/<str:kind>/<int:pk>/", views.official_document, name="official_document"),
    path("ezd/<str:kind>/<int:pk>/pdfa.pdf", views.official_pdf, name="official_pdf"),
    path(
        "ezd/<str:kind>/<int:pk>/metadane.<str:fmt>",
        views.official_metadata,
        name="official_metadata",
    ),
    path("ezd/<str:kind>/<int:pk>/podpisany/", views.signed_upload, name="signed_upload"),
]
