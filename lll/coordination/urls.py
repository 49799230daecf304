from django.urls import path

from . import views

app_name = "coordination"

urlpatterns = [
    path("", views.home, name="home"),
    path("szukaj/", views.search_view, name="search"),
    path("instytucje/", views.institution_list, name="institution_list"),
    path("instytucje/nowa/", views.institution_edit, name="institution_create"),
    path("instytucje/<int:pk>/", views.institution_edit, name="institution_edit"),
    path("osoby/", views.person_list, name="person_list"),
    path("osoby/nowa/", views.person_edit, name="person_create"),
    path("osoby/<int:pk>/", views.person_detail, name="person"),
    path("osoby/<int:pk>/edycja/", views.person_edit, name="person_edit"),
    path("osoby/<int:pk>/dane.json", views.person_export, name="person_export"),
    path("osoby/<int:pk>/usun-dane/", views.person_erase, name="person_erase"),
    path("osoby/<int:pk>/zaproszenie/", views.person_invite, name="person_invite"),
    path("organy/", views.body_list, name="body_list"),
    path("organy/nowy/", views.body_edit, name="body_create"),
    path("organy/<int:pk>/", views.body_detail, name="body"),
    path("organy/<int:pk>/edycja/", views.body_edit, name="body_edit"),
    path("organy/<int:body_pk>/czlonkowie/nowy/", views.membership_edit, name="membership_create"),
    path(
        "organy/<int:body_pk>/czlonkowie/<int:pk>/", views.membership_edit, name="membership_edit"
    ),
    path("posiedzenia/", views.meeting_list, name="meeting_list"),
    path("posiedzenia/nowe/", views.meeting_edit, name="meeting_create"),
    path("posiedzenia/<int:pk>/", views.meeting_detail, name="meeting"),
    path("posiedzenia/<int:pk>/edycja/", views.meeting_edit, name="meeting_edit"),
    path("posiedzenia/<int:pk>/status/", views.meeting_status, name="meeting_status"),
    path("posiedzenia/<int:pk>/kalendarz.ics", views.meeting_ics, name="meeting_ics"),
    path("posiedzenia/<int:meeting_pk>/punkty/nowy/", views.agenda_item_edit, name="item_create"),
    path("posiedzenia/<int:meeting_pk>/punkty/<int:pk>/", views.agenda_item_edit, name="item_edit"),
    path("punkty/<int:pk>/przesun/", views.agenda_item_move, name="item_move"),
    path("punkty/<int:pk>/usun/", views.agenda_item_delete, name="item_delete"),
    path("punkty/<int:pk>/notatki/", views.agenda_item_notes, name="item_notes"),
    path("posiedzenia/<int:pk>/przeglad-ustalen/", views.follow_up_add, name="follow_up_add"),
    path("posiedzenia/<int:pk>/obecnosc/", views.attendance, name="attendance"),
    path("posiedzenia/<int:pk>/goscie/", views.guest_add, name="guest_add"),
    path(
        "posiedzenia/<int:pk>/lista/<slug:kind>/", views.attendance_sheet, name="attendance_sheet"
    ),
    path(
        "posiedzenia/<int:pk>/lista/<slug:kind>.<slug:ext>",
        views.attendance_sheet,
        name="attendance_sheet_file",
    ),
    path("obecnosc/<int:pk>/usun/", views.guest_remove, name="guest_remove"),
    path("posiedzenia/<int:meeting_pk>/ustalenia/nowe/", views.outcome_edit, name="outcome_create"),
    path(
        "posiedzenia/<int:meeting_pk>/ustalenia/<int:pk>/", views.outcome_edit, name="outcome_edit"
    ),
    path("posiedzenia/<int:meeting_pk>/dzialania/nowe/", views.action_edit, name="action_create"),
    path("posiedzenia/<int:meeting_pk>/dzialania/<int:pk>/", views.action_edit, name="action_edit"),
    path("dzialania/", views.follow_up, name="follow_up"),
    path("dzialania/<int:pk>/", views.action_update, name="action_update"),
    path("posiedzenia/<int:pk>/materialy/nowy/", views.material_upload, name="material_upload"),
    path("materialy/<int:pk>/", views.material_download, name="material"),
    path("materialy/<int:pk>/usun/", views.material_delete, name="material_delete"),
    path("posiedzenia/<int:pk>/wysylka/<slug:kind>/", views.mailing_new, name="mailing_new"),
    path("wysylki/<int:pk>/", views.mailing_detail, name="mailing"),
    path("wysylki/<int:pk>/ponow/", views.mailing_retry, name="mailing_retry"),
    path("posiedzenia/<int:pk>/protokol/", views.minutes_draft, name="minutes_draft"),
    path("protokoly/<int:pk>/", views.minutes_detail, name="minutes"),
    path("protokoly/<int:pk>/uwagi/", views.minutes_comment, name="minutes_comment"),
    path("uwagi/<int:pk>/odpowiedz/", views.minutes_reply, name="minutes_reply"),
    path("terminy/wykonane/", views.duty_done, name="duty_done"),
    path("punkty/<int:pk>/tytul/", views.agenda_item_title, name="item_title"),
    path("protokoly/<int:pk>/nowa-wersja/", views.minutes_new_version, name="minutes_new_version"),
    path("protokoly/<int:pk>/plik.<slug:ext>", views.minutes_download, name="minutes_download"),
    path("badania/", views.study_list, name="study_list"),
    path("badania/nowe/", views.study_edit, name="study_create"),
    path("badania/<int:pk>/", views.study_detail, name="study"),
    path("badania/<int:pk>/edycja/", views.study_edit, name="study_edit"),
    path("badania/<int:pk>/plik/", views.study_file, name="study_file"),
]

# Rules, votes and the register of resolutions.
urlpatterns += [
    path("organy/<int:pk>/zasady/", views.body_rules, name="body_rules"),
    path("organy/<int:pk>/glosowanie-obiegowe/", views.circular_vote_new, name="circular_new"),
    path("posiedzenia/<int:meeting_pk>/glosowania/nowe/", views.meeting_vote, name="vote_create"),
    path("posiedzenia/<int:meeting_pk>/glosowania/<int:pk>/", views.meeting_vote, name="vote_edit"),
    path("glosowania/<int:pk>/", views.vote_detail, name="vote"),
    path("glosowania/<int:pk>/glos/", views.vote_cast, name="vote_cast"),
    path("glosowania/<int:pk>/zamknij/", views.vote_close, name="vote_close"),
    path("glosowania/<int:pk>/przypomnij/", views.vote_remind, name="vote_remind"),
    path("glosuj/<str:token>/", views.vote_by_link, name="vote_by_link"),
    path("uchwaly/", views.resolution_list, name="resolution_list"),
    path("uchwaly/<int:pk>/", views.resolution_detail, name="resolution"),
]
