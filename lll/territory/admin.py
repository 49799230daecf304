from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "kind", "nuts_code", "bdl_id"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "search_name"]
    readonly_fields = ["code", "level", "kind", "parent", "geometry", "valid_from"]
