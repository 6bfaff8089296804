"""Saved searches: an organisation's searches kept by name, the members watching them, and what the
watch has found (docs/saved-searches.md)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vetrina.accounts.models import Organisation
from vetrina.creators.models import Creator


class SavedSearch(models.Model):
    """A search's filters and sort, kept by name by one organisation: every member of it sees them."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=120)
    # The search page's query string, in its canonical form (SearchFilters.query_items) and without the
    # page: running the search again is opening the search page with it.
    query = models.TextField(_("filters"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="saved_search_name_once_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("saved_searches:detail", args=[self.pk])

    @property
    def search_url(self) -> str:
        """The search page with these filters: running the search again."""
        return f"{reverse('search:index')}?{self.query}"


class SavedSearchAlert(models.Model):
    """A member watching a saved search: told in the bell, and by e-mail at most daily, of new matches."""

    saved_search = models.ForeignKey(
        SavedSearch, verbose_name=_("saved search"), on_delete=models.CASCADE, related_name="alerts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="saved_search_alerts",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The matches found after this go into the member's next e-mail.
    emailed_up_to = models.DateTimeField(_("e-mailed up to"), default=timezone.now)

    class Meta:
        verbose_name = _("saved search alert")
        verbose_name_plural = _("saved search alerts")
        constraints = [
            models.UniqueConstraint("saved_search", "user", name="saved_search_alert_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.saved_search} → {self.user}"


class SavedSearchMatch(models.Model):
    """A creator the watch found new for a saved search: each creator once per saved search."""

    saved_search = models.ForeignKey(
        SavedSearch, verbose_name=_("saved search"), on_delete=models.CASCADE, related_name="matches"
    )
    creator = models.ForeignKey(
        Creator, verbose_name=_("creator"), on_delete=models.CASCADE, related_name="+"
    )
    found_at = models.DateTimeField(_("found"))

    class Meta:
        verbose_name = _("new match")
        verbose_name_plural = _("new matches")
        constraints = [
            models.UniqueConstraint("saved_search", "creator", name="saved_search_match_once"),
        ]
        indexes = [models.Index(fields=["saved_search", "-found_at"], name="saved_search_match_recent")]

    def __str__(self) -> str:
        return f"{self.saved_search}: @{self.creator_id}"


class WatchedCreator(models.Model):
    """A creator the last check of saved searches found in the catalogue (verified): the creators who
    are not here yet are the new ones. One row per creator, whatever the number of saved searches."""

    creator = models.OneToOneField(
        Creator, verbose_name=_("creator"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # The check that first saw the creator: that check's new creators are those seen at its time.
    seen_at = models.DateTimeField(_("seen"), db_index=True)

    class Meta:
        verbose_name = _("watched creator")
        verbose_name_plural = _("watched creators")

    def __str__(self) -> str:
        return f"{self.creator_id} @ {self.seen_at:%Y-%m-%d %H:%M}"


class WatchCheck(models.Model):
    """One row: when saved searches were last checked (None: never; the first check takes stock)."""

    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved searches check")
        verbose_name_plural = _("saved searches checks")

    def __str__(self) -> str:
        return str(self.checked_at)


class SavedSearchDigest(models.Model):
    """When a member was last e-mailed their saved searches' new matches: at most one e-mail a day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("new matches e-mail")
        verbose_name_plural = _("new matches e-mails")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.sent_at:%Y-%m-%d %H:%M}"
