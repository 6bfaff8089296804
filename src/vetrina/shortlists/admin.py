from django.contrib import admin

from vetrina.shortlists.models import Shortlist, ShortlistEntry


class ShortlistEntryInline(admin.TabularInline):
    model = ShortlistEntry
    extra = 0
    raw_id_fields = ["creator", "added_by"]


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    # Lists are the organisations' own: staff look, the members change them in Vetrina.
    list_display = ["name", "organisation", "updated_at"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    readonly_fields = ["created_at", "updated_at"]
    raw_id_fields = ["organisation", "created_by"]
    inlines = [ShortlistEntryInline]
