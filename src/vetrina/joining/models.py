"""A creator who applied by themselves (docs/creators-joining.md): what they told us, where they are on
the way in, and staff's decision."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from vetrina.accounts.models import User
from vetrina.creators.models import Creator, handle_validator


class CreatorApplication(models.Model):
    class State(models.TextChoices):
        # The e-mail is not confirmed yet: nothing else happens until it is.
        UNCONFIRMED = "unconfirmed", _("E-mail not confirmed")
        # The account exists; the creator connects TikTok, and waits until every condition holds.
        JOINED = "joined", _("Not eligible yet")
        # Every condition held at a sync: staff's queue.
        IN_REVIEW = "in_review", _("Waiting for review")
        VERIFIED = "verified", _("Verified")
        REFUSED = "refused", _("Refused")

    handle = models.CharField(_("handle"), max_length=64, validators=[handle_validator])
    email = models.EmailField(_("contact e-mail"))
    country = CountryField(_("country"))
    categories = models.JSONField(_("categories"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    date_of_birth = models.DateField(_("date of birth"))
    rate_per_video = models.DecimalField(_("rate per video"), max_digits=12, decimal_places=2)
    rate_currency = models.CharField(_("currency"), max_length=3)
    # The language the creator applied in: their e-mails are written in it.
    language = models.CharField(
        _("language"), max_length=16, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.UNCONFIRMED)
    created_at = models.DateTimeField(_("applied"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    # The creator-side account made when the e-mail was confirmed; the application goes with it.
    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="creator_application",
        null=True,
        blank=True,
    )
    # The creator the first sync imported (joining.sync).
    creator = models.OneToOneField(
        Creator,
        verbose_name=_("creator"),
        on_delete=models.SET_NULL,
        related_name="application",
        null=True,
        blank=True,
    )
    synced_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    # The last time a sync was tried, whatever came of it: the daily job goes by it (joining.sync).
    sync_attempted_at = models.DateTimeField(_("last sync tried"), null=True, blank=True)
    # Why the last sync stored nothing, in words for the creator; empty when it worked.
    sync_problem = models.TextField(_("sync problem"), blank=True)
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    class Meta:
        verbose_name = _("creator application")
        verbose_name_plural = _("creator applications")
        ordering = ["created_at"]
        constraints = [
            # One application per address: applying again sends the confirmation again instead.
            models.UniqueConstraint(Lower("email"), name="creator_application_one_per_email"),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="creator_application_queue")]

    def __str__(self) -> str:
        return f"@{self.handle}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class CreatorApplicationRefusal(models.Model):
    """A refusal the creator applied again after: staff's history of the application. The refusal in force
    is the application's own (state, reviewed_at, reviewed_by, refusal_reason); applying again moves it
    here. It goes with the application, as everything the creator told us does when they leave."""

    application = models.ForeignKey(
        CreatorApplication,
        verbose_name=_("creator application"),
        on_delete=models.CASCADE,
        related_name="earlier_refusals",
    )
    refused_at = models.DateTimeField(_("refused"))
    refused_by = models.ForeignKey(
        User,
        verbose_name=_("refused by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reason for refusal"))

    class Meta:
        verbose_name = _("earlier refusal")
        verbose_name_plural = _("earlier refusals")
        ordering = ["refused_at"]

    def __str__(self) -> str:
        return f"@{self.application.handle}, {self.refused_at:%Y-%m-%d}"
