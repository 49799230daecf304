from django.urls import path

from . import views

app_name = "vet"

urlpatterns = [
    path("", views.home, name="home"),
]
