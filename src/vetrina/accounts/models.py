from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField


class OrganisationKind(models.TextChoices):
    # Also the applicant types of the application form: the order is the review queue's.
    BRAND = "brand", _("Brand")
    AGENCY = "agency", _("Agency")
    VISITOR = "visitor", _("Visitor")


class Role(models.TextChoices):
    """What an account may do (docs/roles.md). Staff are Django's `is_staff` accounts instead:
    the admin relies on that flag, so it stays the one record of who is staff."""

    BRAND = "brand", _("Brand member")
    AGENCY = "agency", _("Agency member")
    VISITOR = "visitor", _("Visitor")
    CREATOR = "creator", _("Creator")


# A tuple, not a set: its order goes into the migration and must not change between runs.
MEMBER_ROLES = (Role.BRAND, Role.AGENCY, Role.VISITOR)
# The members who act for their organisation: contact creators, keep shortlists and campaigns. Visitors
# only look (docs/roles.md).
ORGANISATION_ROLES = (Role.BRAND, Role.AGENCY)


class Organisation(models.Model):
    """A brand or an agency; a visitor's is an organisation of one. Made from an approved application."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    country = CountryField(_("country of operation"))
    region = models.CharField(_("region"), max_length=200, blank=True)
    phone = PhoneNumberField(_("phone number"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """An account. Invited accounts sign in with their e-mail, which is also their username."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    # The first member of an organisation owns it: invites colleagues and removes them (docs/roles.md).
    is_owner = models.BooleanField(_("owner of the organisation"), default=False)
    # Chosen with the language switcher; empty until then, when the browser's language is used.
    language = models.CharField(_("language"), max_length=16, choices=settings.LANGUAGES, blank=True)

    class Meta(AbstractUser.Meta):
        constraints = [
            # Case-insensitive: Anna@Example.com and anna@example.com are one person.
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_email_unique"),
            # Members belong to exactly one organisation; creator-side and staff accounts to none.
            models.CheckConstraint(
                condition=(
                    Q(role__in=list(MEMBER_ROLES), organisation__isnull=False)
                    | (~Q(role__in=list(MEMBER_ROLES)) & Q(organisation__isnull=True))
                ),
                name="user_organisation_iff_member",
            ),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(is_owner=True), name="user_one_owner_per_organisation"
            ),
        ]

    @property
    def is_member(self) -> bool:
        return self.role in MEMBER_ROLES

    @property
    def is_creator_side(self) -> bool:
        return self.role == Role.CREATOR


class Application(models.Model):
    """A request for access (docs/roles.md, step 1), reviewed by staff."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    company_name = models.CharField(_("company name"), max_length=200)
    applicant_type = models.CharField(_("applicant type"), max_length=16, choices=OrganisationKind.choices)
    country = CountryField(_("country of operation"))
    region = models.CharField(_("region"), max_length=200)
    phone = PhoneNumberField(_("phone number"))
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    # The language the applicant applied in; the e-mails about the application are written in it.
    language = models.CharField(
        _("language"), max_length=16, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(_("applied"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    strategy_requested_at = models.DateTimeField(_("strategy asked"), null=True, blank=True)
    strategy_answered_at = models.DateTimeField(_("strategy answered"), null=True, blank=True)
    marketing_strategy = models.TextField(_("marketing strategy"), blank=True)
    target_audience = models.TextField(_("target audience"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        related_name="applications",
        null=True,
        blank=True,
    )
    # Erased by staff on the applicant's request: every personal field is emptied, the row stays as the
    # record that it was (docs/privacy.md).
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    erased_by = models.ForeignKey(
        User,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["created_at"]
        constraints = [
            # One open application per address: applying again changes nothing.
            models.UniqueConstraint(
                Lower("contact_email"),
                condition=Q(state__in=["pending", "approved"], erased_at__isnull=True),
                name="application_one_open_per_email",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="application_queue")]

    def __str__(self) -> str:
        return f"{self.company_name} ({self.get_applicant_type_display()})"

    def get_absolute_url(self) -> str:
        return reverse("accounts:application_detail", args=[self.pk])


class Invitation(models.Model):
    """A single-use link to set a password. Only the SHA-256 of its token is stored."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    # Members are invited from their application, or by their organisation's owner into it (a colleague);
    # creator-side accounts from a creator's manager e-mail.
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    created_by = models.ForeignKey(
        User, verbose_name=_("sent by"), on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    # A fresh invitation replaces the ones before it.
    revoked_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    # The owner who invited a colleague took the invitation back.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        related_name="invitations",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # A member's invitation comes from an application or into an organisation, never both; a
            # creator-side account's from neither.
            models.CheckConstraint(
                condition=(
                    Q(role="creator", application__isnull=True, organisation__isnull=True)
                    | (~Q(role="creator") & Q(application__isnull=False, organisation__isnull=True))
                    | (~Q(role="creator") & Q(application__isnull=True, organisation__isnull=False))
                ),
                name="invitation_application_or_organisation_iff_member",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class MailLimitWindow(models.Model):
    """How many e-mails the forms anyone may post (applying, a password reset, a team invitation) were
    asked to send to one address, or by one client, in the current window (accounts.limits).

    The window starts with the first request after the last one ended. Counted like the API's rate
    limit, by one INSERT … ON CONFLICT DO UPDATE (lib.counters), so that posts arriving at once each count.
    """

    # "address:" and a hash of the address (the table keeps no addresses), or "client:" and its IP.
    key = models.CharField(max_length=80, primary_key=True)
    # Unix time, in seconds: compared with the caller's clock in SQL, the same on SQLite and PostgreSQL.
    started_at = models.FloatField()
    requests = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.key}: {self.requests} since {self.started_at}"
