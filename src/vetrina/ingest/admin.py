"""Staff's edits of creators in the admin: it sits with ingest because a saved profile needs its search
columns rewritten (search) and shows the stored numbers read-only (metrics), both above creators."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, Max, Min, QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.metrics.services import STORED_FIELDS, peers_refresh_queue
from vetrina.search.indexing import search_columns
from vetrina.search.services import creator_search_columns_refresh


class AudienceCountryInline(admin.TabularInline):
    model = AudienceCountry
    extra = 0


@admin.register(Creator)
class CreatorAdmin(admin.ModelAdmin):
    list_display = [
        "handle",
        "display_name",
        "country",
        "primary_category",
        "verified",
        "reach",
        "avg_views",
        "engagement_rate",
        "data_date",
    ]
    list_filter = ["verified", "country", "primary_category"]
    search_fields = ["handle", "display_name", "manager_email"]
    list_editable = ["verified"]
    # The stored numbers are recomputed from the videos: staff read them, never edit them.
    readonly_fields = ["created_at", "updated_at", "follower_history", *STORED_FIELDS]
    fieldsets = [
        (None, {"fields": ["handle", "display_name", "country", "categories", "primary_category", "bio"]}),
        (_("Contact and status"), {"fields": ["languages", "verified", "manager_email"]}),
        (
            _("Audience"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("audience_age_13_17", "audience_age_18_24", "audience_age_25_34"),
                    ("audience_age_35_44", "audience_age_45_54", "audience_age_55_plus"),
                    ("audience_gender_female", "audience_gender_male", "audience_gender_other"),
                    ("audience_device_ios", "audience_device_android", "audience_device_other"),
                    ("audience_activity_active", "audience_activity_passive"),
                ],
            },
        ),
        (_("Stored numbers (recomputed from the videos)"), {"fields": list(readonly_fields)}),
    ]
    inlines = [AudienceCountryInline]

    # The follower snapshots are read here, never edited: they come with the creator's lines (imports,
    # TikTok's sync), and the numbers above are worked out from them. Keyed by creator and day, they
    # have no admin page of their own (Django's admin needs a single-column key).
    @admin.display(description=_("Follower history"))
    def follower_history(self, obj: Creator) -> str:
        history = FollowerSnapshot.objects.filter(creator_id=obj.pk).aggregate(
            days=Count("date"), first=Min("date"), last=Max("date")
        )
        if not history["days"]:
            return gettext("No follower snapshots")
        latest = FollowerSnapshot.objects.get(creator_id=obj.pk, date=history["last"]).count
        return ngettext(
            "%(days)s day, %(first)s to %(last)s; %(count)s followers on the last",
            "%(days)s days, %(first)s to %(last)s; %(count)s followers on the last",
            history["days"],
        ) % {
            "days": number_format(history["days"], force_grouping=True),
            "first": date_format(history["first"]),
            "last": date_format(history["last"]),
            "count": number_format(latest, force_grouping=True),
        }

    def save_model(self, request: HttpRequest, obj: Creator, form: Any, change: bool) -> None:
        # The columns search reads follow the handle, name, bio and categories staff may edit here.
        captions = Video.objects.filter(creator_id=obj.pk).values_list("caption", flat=True) if obj.pk else []
        for field, value in search_columns(
            handle=obj.handle,
            display_name=obj.display_name,
            bio=obj.bio,
            categories=obj.categories,
            captions=list(captions),
        ).items():
            setattr(obj, field, value)
        super().save_model(request, obj, form, change)
        # Verified or unverified (here or in the list's column): the creator joins or leaves the others'
        # peer groups, so their numbers are queued again.
        if "verified" in form.changed_data:
            peers_refresh_queue()


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["id", "creator", "posted_at", "views", "likes", "comments", "shares"]
    list_select_related = ["creator"]
    search_fields = ["=id", "creator__handle", "caption"]
    date_hierarchy = "posted_at"
    raw_id_fields = ["creator"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Video]:
        return super().get_queryset(request).select_related("creator")

    # A caption staff edit or delete here changes the words and tags its creator is found by.
    def save_model(self, request: HttpRequest, obj: Video, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        creator_search_columns_refresh(creator_id=obj.creator_id)

    def delete_model(self, request: HttpRequest, obj: Video) -> None:
        super().delete_model(request, obj)
        creator_search_columns_refresh(creator_id=obj.creator_id)
