from django.contrib import admin

from vetrina.saved_searches.models import SavedSearch, SavedSearchAlert


class SavedSearchAlertInline(admin.TabularInline):
    model = SavedSearchAlert
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "emailed_up_to"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    # The organisations' own: staff look, the members change them in Vetrina.
    list_display = ["name", "organisation", "created_at"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["organisation", "created_by"]
    inlines = [SavedSearchAlertInline]
