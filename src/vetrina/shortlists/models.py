from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vetrina.accounts.models import Organisation
from vetrina.creators.models import Creator


class Shortlist(models.Model):
    """A named list of creators kept by one organisation (docs/roles.md, step 8)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="shortlists"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The last change to the list or to its creators and notes; the services set it.
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ["-updated_at", "-id"]
        constraints = [
            # Two lists of one organisation with the same name could not be told apart in the picker.
            models.UniqueConstraint(
                "organisation", Lower("name"), name="shortlist_name_once_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shortlists:detail", args=[self.pk])


class ShortlistEntry(models.Model):
    """A creator on a list, with the organisation's note about them."""

    shortlist = models.ForeignKey(
        Shortlist, verbose_name=_("shortlist"), on_delete=models.CASCADE, related_name="entries"
    )
    creator = models.ForeignKey(
        Creator, verbose_name=_("creator"), on_delete=models.CASCADE, related_name="shortlist_entries"
    )
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("creator on a shortlist")
        verbose_name_plural = _("creators on shortlists")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "creator"], name="shortlist_creator_once"),
        ]

    def __str__(self) -> str:
        return f"{self.shortlist}: @{self.creator.handle}"
