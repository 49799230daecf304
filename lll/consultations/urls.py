from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("wizyty/", views.home, name="visit_list"),
]
