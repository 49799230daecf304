from django.urls import path

from . import views

app_name = "territory"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<str:code>/", views.unit_detail, name="unit"),
    path("<str:code>/granice.geojson", views.boundaries, name="boundaries"),
]
