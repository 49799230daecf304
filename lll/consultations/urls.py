from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("konsultacje/nowa/", views.consultation_edit, name="consultation_create"),
    path("konsultacje/<int:pk>/", views.consultation_detail, name="consultation"),
    path("konsultacje/<int:pk>/edycja/", views.consultation_edit, name="consultation_edit"),
    path("konsultacje/<int:pk>/status/", views.consultation_status, name="consultation_status"),
    path("konsultacje/<int:pk>/przepisy/", views.provision_add, name="provision_add"),
    path(
        "konsultacje/przepisy/<int:pk>/usuniecie/",
        views.provision_delete,
        name="provision_delete",
    ),
    path("konsultacje/<int:pk>/projekt/", views.consultation_document, name="document"),
    path("konsultacje/<int:pk>/uwagi/nowa/", views.comment_add, name="comment_add"),
    path("konsultacje/uwagi/<int:pk>/edycja/", views.comment_edit, name="comment_edit"),
    path("konsultacje/uwagi/<int:pk>/wycofanie/", views.comment_withdraw, name="comment_withdraw"),
    path("konsultacje/uwagi/<int:pk>/przywrocenie/", views.comment_restore, name="comment_restore"),
    path("konsultacje/uwagi/<int:pk>/odpowiedz/", views.comment_respond, name="comment_respond"),
    path(
        "konsultacje/<int:pk>/zestawienie-uwag.<str:ext>",
        views.comment_table,
        name="comment_table",
    ),
    path("konsultacje/<int:pk>/stanowisko/", views.position_edit, name="position_edit"),
    path("konsultacje/<int:pk>/stanowisko.docx", views.position_letter, name="position_letter"),
    path("konsultacje/<int:pk>/przypomnienia/", views.reminders_send, name="reminders_send"),
    path("glosowania/nowe/", views.poll_edit, name="poll_create"),
    path("glosowania/<int:pk>/", views.poll_detail, name="poll"),
    path("glosowania/<int:pk>/edycja/", views.poll_edit, name="poll_edit"),
    path("glosowania/<int:pk>/glos/", views.poll_vote, name="poll_vote"),
    path("glosowania/<int:pk>/propozycja/", views.poll_propose, name="poll_propose"),
    path("glosowania/<int:pk>/opcje/", views.poll_option_add, name="poll_option_add"),
    path("glosowania/<int:pk>/status/", views.poll_status, name="poll_status"),
    path("glosowania/<int:pk>/decyzja/", views.poll_decision, name="poll_decision"),
    path("wizyty/", views.visit_list, name="visit_list"),
    path("wizyty/nowa/", views.visit_edit, name="visit_create"),
    path("wizyty/<int:pk>/", views.visit_detail, name="visit"),
    path("wizyty/<int:pk>/edycja/", views.visit_edit, name="visit_edit"),
    path("wizyty/<int:pk>/rekomendacje/", views.recommendation_add, name="recommendation_add"),
    path(
        "wizyty/rekomendacje/<int:pk>/zadanie/",
        views.recommendation_action,
        name="recommendation_action",
    ),
]
