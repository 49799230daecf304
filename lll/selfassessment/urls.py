from django.urls import path

from . import views

app_name = "selfassessment"

urlpatterns = [
    path("", views.home, name="home"),
]
