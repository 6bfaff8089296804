"""Campaigns and the collaboration requests sent in them (docs/roles.md, steps 7, 9 and 10).

A campaign is an organisation's name for a piece of work: the same organisation and the same name
(ignoring case and surrounding spaces) are the same campaign. Each contact sends an offer (the terms:
description, payment, contact details) to some creators; the offer is kept as it was sent, so a later
contact under the same campaign name with other terms never changes what earlier creators read or
accepted. A creator gets at most one request per campaign.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from vetrina.accounts.models import Organisation, User
from vetrina.creators.models import Creator
from vetrina.lib.formatting import exact_percent, money


class PaymentOption(models.TextChoices):
    FIXED_FEE = "fixed_fee", _("Fixed fee")
    PER_VIDEO = "per_video", _("Fee per video")
    FREE_PRODUCT = "free_product", _("Free product")
    AFFILIATE = "affiliate", _("Affiliate commission")
    OPEN = "open", _("Open to offers")


# The options that name an amount of money, with its currency.
PAID_OPTIONS = (PaymentOption.FIXED_FEE, PaymentOption.PER_VIDEO)


class UsageRights(models.IntegerChoices):
    """How long the brand may reuse the videos in its own ads, in days."""

    NONE = 0, _("No use in ads")
    DAYS_7 = 7, _("7 days")
    DAYS_30 = 30, _("30 days")
    DAYS_60 = 60, _("60 days")
    DAYS_365 = 365, _("365 days")


class Campaign(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField(_("campaign name"), max_length=200)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.SET_NULL, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint("organisation", Lower("name"), name="campaign_one_name_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("collaborations:campaign", args=[self.pk])


class Offer(models.Model):
    """The terms sent to some creators at once, kept as they were sent."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="offers"
    )
    description = models.TextField(_("description of the opportunity"))
    payment_option = models.CharField(_("payment"), max_length=16, choices=PaymentOption.choices)
    # Fixed fee and fee per video: an amount and its currency (ISO 4217).
    payment_amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    payment_currency = models.CharField(_("currency"), max_length=3, blank=True)
    # Affiliate commission: a percentage of the sales.
    commission_percent = models.DecimalField(
        _("commission (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    usage_rights_days = models.PositiveSmallIntegerField(
        _("use in ads"), choices=UsageRights.choices, default=UsageRights.NONE
    )
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    sent_by = models.ForeignKey(
        User, verbose_name=_("sent by"), on_delete=models.SET_NULL, related_name="+", null=True
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(payment_option__in=list(PAID_OPTIONS))
                | (Q(payment_amount__isnull=False) & ~Q(payment_currency="")),
                name="offer_paid_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(payment_option=PaymentOption.AFFILIATE) | Q(commission_percent__isnull=False),
                name="offer_affiliate_has_commission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} ({self.sent_at:%Y-%m-%d})"

    def payment_summary(self) -> str:
        """ "Fixed fee: $1,500.00", in the active language."""
        label = self.get_payment_option_display()
        if self.payment_option in PAID_OPTIONS and self.payment_amount is not None:
            return f"{label}: {money(self.payment_amount, self.payment_currency)}"
        if self.payment_option == PaymentOption.AFFILIATE and self.commission_percent is not None:
            # Stored as a percentage (12.5), formatted like every other share of the site (12.5%).
            return f"{label}: {exact_percent(float(self.commission_percent) / 100)}"
        return str(label)

    def usage_rights_summary(self) -> str:
        if self.usage_rights_days == UsageRights.NONE:
            return str(_("No use in ads"))
        return str(_("In ads for %(days)s days") % {"days": self.usage_rights_days})


class OfferDeliverable(models.Model):
    """One video the offer asks for: what it must show, and by when. An offer has 1 to 10."""

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="deliverables"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    brief = models.TextField(_("what it must show"))
    due_date = models.DateField(_("due"))

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["offer", "position"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "position"], name="offer_deliverable_one_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.brief[:40]}"


class RequestState(models.TextChoices):
    PENDING = "pending", _("Pending")
    # The creator named another price; the brand has to answer it.
    COUNTERED = "countered", _("Counter-offer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    # The brand said no to the creator's price: the request ends there.
    COUNTER_DECLINED = "counter_declined", _("Counter-offer declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


# The creator has answered (accepted, declined or countered): answered_at is set.
ANSWERED_STATES = (
    RequestState.ACCEPTED,
    RequestState.DECLINED,
    RequestState.COUNTERED,
    RequestState.COUNTER_DECLINED,
)
# The states a counter-offer leaves a price in.
COUNTER_STATES = (RequestState.COUNTERED, RequestState.COUNTER_DECLINED)


class CollaborationRequest(models.Model):
    """One creator asked to take part in one campaign, and the creator's answer."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="requests"
    )
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="requests"
    )
    creator = models.ForeignKey(
        Creator, verbose_name=_("creator"), on_delete=models.CASCADE, related_name="collaboration_requests"
    )
    # The address the request went to: the creator's manager e-mail when it was sent.
    sent_to = models.EmailField(_("sent to"))
    state = models.CharField(
        _("state"), max_length=16, choices=RequestState.choices, default=RequestState.PENDING
    )
    sent_at = models.DateTimeField(_("sent"))
    # Fixed when sent, so that the e-mail can give the date; VETRINA_REQUEST_EXPIRY_DAYS after sent_at.
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Signed-in creator-side account that answered; empty when answered through the e-mailed link.
    answered_by = models.ForeignKey(
        User,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    message = models.TextField(_("creator's message"), blank=True)
    # A counter-offer: the creator's price (the message goes in `message`). It binds only once the brand
    # accepts it; then it is the agreed price below.
    counter_amount = models.DecimalField(
        _("counter-offer"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    counter_currency = models.CharField(_("counter-offer currency"), max_length=3, blank=True)
    counter_answered_at = models.DateTimeField(_("counter-offer answered"), null=True, blank=True)
    counter_answered_by = models.ForeignKey(
        User,
        verbose_name=_("counter-offer answered by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    # What the brand owes once the request is accepted: the offer's amount, or the accepted counter-offer.
    # Empty for offers with no amount (free product, affiliate, open) unless a counter-offer was accepted.
    agreed_amount = models.DecimalField(
        _("agreed price"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    agreed_currency = models.CharField(_("agreed currency"), max_length=3, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("collaboration request")
        verbose_name_plural = _("collaboration requests")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "creator"], name="request_one_per_creator_and_campaign"
            ),
            # A request withdrawn while its counter-offer waited keeps the time of the counter-offer.
            models.CheckConstraint(
                condition=~Q(state__in=list(ANSWERED_STATES)) | Q(answered_at__isnull=False),
                name="request_answered_has_answered_at",
            ),
            models.CheckConstraint(
                condition=~Q(state=RequestState.PENDING) | Q(answered_at__isnull=True),
                name="request_pending_has_no_answered_at",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=list(COUNTER_STATES))
                | (Q(counter_amount__isnull=False) & ~Q(counter_currency="")),
                name="request_counter_has_a_price",
            ),
            models.CheckConstraint(
                condition=Q(state=RequestState.WITHDRAWN, withdrawn_at__isnull=False)
                | (~Q(state=RequestState.WITHDRAWN) & Q(withdrawn_at__isnull=True)),
                name="request_withdrawn_at_iff_withdrawn",
            ),
        ]
        indexes = [
            # The expiry job looks for pending requests past their date.
            models.Index(fields=["state", "expires_at"], name="request_state_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} → @{self.creator.handle}" if self.creator_id else str(self.campaign)

    def get_absolute_url(self) -> str:
        return reverse("collaborations:request", args=[self.pk])

    @property
    def current_state(self) -> str:
        """The state to show: a pending request past its date is expired, even before the worker's periodic
        job has marked it so (and nobody can answer or withdraw it any more)."""
        if self.state == RequestState.PENDING and self.expires_at <= timezone.now():
            return RequestState.EXPIRED
        return self.state

    @property
    def current_state_label(self) -> str:
        return str(RequestState(self.current_state).label)

    @property
    def is_open(self) -> bool:
        """The creator may answer: accept, decline or counter."""
        return self.current_state == RequestState.PENDING

    @property
    def awaits_brand(self) -> bool:
        """A counter-offer waits for the brand's answer."""
        return self.state == RequestState.COUNTERED

    @property
    def may_be_withdrawn(self) -> bool:
        return self.is_open or self.awaits_brand

    def counter_summary(self) -> str:
        if self.counter_amount is None:
            return ""
        return money(self.counter_amount, self.counter_currency)

    def agreed_summary(self) -> str:
        """The payment that binds, once accepted: the agreed amount, else the offer's terms."""
        if self.agreed_amount is not None:
            return f"{self.offer.get_payment_option_display()}: {money(self.agreed_amount, self.agreed_currency)}"
        return self.offer.payment_summary()


class RequestEvent(models.Model):
    """One step of a request, for its timeline: who did what, when, with what message or price. Written by
    the service that makes the step, in its transaction; never changed nor deleted."""

    class Kind(models.TextChoices):
        SENT = "sent", _("Request sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COUNTERED = "countered", _("Counter-offer made")
        COUNTER_ACCEPTED = "counter_accepted", _("Counter-offer accepted")
        COUNTER_DECLINED = "counter_declined", _("Counter-offer declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")
        # The videos, once accepted (`deliverable` says which).
        DRAFT_SUBMITTED = "draft_submitted", _("Draft submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        DRAFT_APPROVED = "draft_approved", _("Draft approved")
        DRAFT_AUTO_APPROVED = "draft_auto_approved", _("Draft approved by itself")
        POSTED = "posted", _("Video posted")
        # Payment (`payment` says which).
        PAYMENT_DUE = "payment_due", _("Payment due")
        PAID = "paid", _("Paid")

    class Side(models.TextChoices):
        BRAND = "brand", _("Brand")
        CREATOR = "creator", _("Creator")
        # Vetrina itself: the periodic job (expiry, auto-approval).
        SYSTEM = "system", _("Vetrina")

    request = models.ForeignKey(
        CollaborationRequest,
        verbose_name=_("collaboration request"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("step"), max_length=32, choices=Kind.choices)
    payment = models.ForeignKey(
        "Payment",
        verbose_name=_("payment"),
        on_delete=models.CASCADE,
        related_name="events",
        null=True,
        blank=True,
    )
    # The video the step is about, for the steps of the videos.
    deliverable = models.ForeignKey(
        "Deliverable",
        verbose_name=_("video"),
        on_delete=models.CASCADE,
        related_name="events",
        null=True,
        blank=True,
    )
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    # The account that made the step; empty for the e-mailed link (no account) and for Vetrina.
    actor = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    at = models.DateTimeField(_("when"))
    message = models.TextField(_("message"), blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="request_event_timeline")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"

    def amount_summary(self) -> str:
        return money(self.amount, self.currency) if self.amount is not None else ""

    def sentence(self) -> str:
        """The step in one sentence, in the active language, for the bell and the e-mails."""
        request = self.request
        values: dict[str, object] = {
            "handle": request.creator.handle,
            "campaign": request.campaign.name,
            "organisation": request.campaign.organisation.name,
            "amount": self.amount_summary(),
        }
        sentences = {
            self.Kind.SENT: _("%(organisation)s sent @%(handle)s a request in “%(campaign)s”."),
            self.Kind.ACCEPTED: _("@%(handle)s accepted the request in “%(campaign)s”."),
            self.Kind.DECLINED: _("@%(handle)s declined the request in “%(campaign)s”."),
            self.Kind.COUNTERED: _("@%(handle)s made a counter-offer of %(amount)s in “%(campaign)s”."),
            self.Kind.COUNTER_ACCEPTED: _(
                "%(organisation)s accepted the counter-offer of %(amount)s from @%(handle)s in “%(campaign)s”."
            ),
            self.Kind.COUNTER_DECLINED: _(
                "%(organisation)s declined the counter-offer of %(amount)s from @%(handle)s in “%(campaign)s”."
            ),
            self.Kind.WITHDRAWN: _("%(organisation)s withdrew the request to @%(handle)s in “%(campaign)s”."),
            self.Kind.EXPIRED: _("The request to @%(handle)s in “%(campaign)s” expired without an answer."),
            self.Kind.DRAFT_SUBMITTED: _(
                "@%(handle)s submitted a draft of video %(number)s in “%(campaign)s”."
            ),
            self.Kind.CHANGES_REQUESTED: _(
                "%(organisation)s asked @%(handle)s for changes to video %(number)s in “%(campaign)s”."
            ),
            self.Kind.DRAFT_APPROVED: _(
                "%(organisation)s approved the draft of video %(number)s by @%(handle)s in “%(campaign)s”."
            ),
            self.Kind.DRAFT_AUTO_APPROVED: _(
                "The draft of video %(number)s by @%(handle)s in “%(campaign)s” was approved by itself: "
                "it waited %(days)s days for a review."
            ),
            self.Kind.PAYMENT_DUE: _(
                "%(organisation)s recorded a payment of %(amount)s to @%(handle)s in “%(campaign)s”, due %(due)s."
            ),
            self.Kind.PAID: _(
                "%(organisation)s paid %(amount)s to @%(handle)s in “%(campaign)s” on %(paid)s%(late)s."
            ),
            self.Kind.POSTED: _(
                "@%(handle)s posted video %(number)s of “%(campaign)s” on TikTok (%(video)s)."
            ),
        }
        if self.payment_id is not None:
            payment = self.payment
            assert payment is not None
            values["due"] = date_format(payment.due_date, "j M Y")
            values["paid"] = date_format(payment.paid_on, "j M Y") if payment.paid_on else ""
            values["late"] = str(_(" (late)")) if payment.is_late else ""
        if self.deliverable_id is not None:
            deliverable = self.deliverable
            assert deliverable is not None
            values["number"] = deliverable.position
            values["video"] = deliverable.video_id
            values["days"] = settings.VETRINA_DRAFT_AUTO_APPROVE_DAYS
        return str(sentences[self.Kind(self.kind)]) % values


class DeliverableState(models.TextChoices):
    TO_DO = "to_do", _("To do")
    SUBMITTED = "submitted", _("Draft submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    POSTED = "posted", _("Posted")


class Deliverable(models.Model):
    """One video of an accepted request, on its way: to do → draft submitted → changes requested → draft
    submitted … → approved → posted. Made for each of the offer's videos when the request is accepted."""

    request = models.ForeignKey(
        CollaborationRequest,
        verbose_name=_("collaboration request"),
        on_delete=models.CASCADE,
        related_name="deliverables",
    )
    terms = models.ForeignKey(
        OfferDeliverable, verbose_name=_("what was asked"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    state = models.CharField(
        _("state"), max_length=20, choices=DeliverableState.choices, default=DeliverableState.TO_DO
    )
    # The latest draft's time: the auto-approval counts from it.
    submitted_at = models.DateTimeField(_("draft submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # Approved by the periodic job, not by the brand.
    auto_approved = models.BooleanField(_("approved by itself"), default=False)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    # TikTok's id of the posted video (digits only).
    video_id = models.CharField(_("TikTok video id"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="deliverable_one_per_position"),
            models.CheckConstraint(
                condition=~Q(state=DeliverableState.SUBMITTED) | Q(submitted_at__isnull=False),
                name="deliverable_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[DeliverableState.APPROVED, DeliverableState.POSTED])
                | Q(approved_at__isnull=False),
                name="deliverable_approved_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=DeliverableState.POSTED) | (Q(posted_at__isnull=False) & ~Q(video_id="")),
                name="deliverable_posted_has_video",
            ),
        ]
        indexes = [
            # The auto-approval job looks for drafts waiting past their days.
            models.Index(fields=["state", "submitted_at"], name="deliverable_state_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.request} #{self.position}"

    @property
    def video_url(self) -> str:
        if not self.video_id:
            return ""
        return f"https://www.tiktok.com/@{self.request.creator.handle}/video/{self.video_id}"

    @property
    def awaits_creator(self) -> bool:
        return self.state in (DeliverableState.TO_DO, DeliverableState.CHANGES_REQUESTED)

    @property
    def awaits_review(self) -> bool:
        return self.state == DeliverableState.SUBMITTED


class Draft(models.Model):
    """A version of a video sent for review: a link, or a file kept under the data folder (served only to the
    two sides, by a view that checks who asks), with a note; then the brand's review."""

    class Review(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        AUTO_APPROVED = "auto_approved", _("Approved by itself")

    deliverable = models.ForeignKey(
        Deliverable, verbose_name=_("video"), on_delete=models.CASCADE, related_name="drafts"
    )
    link = models.URLField(_("link"), max_length=2000, blank=True)
    # The file: its name as uploaded (shown, never used as a path), and where it is kept, relative to the
    # data folder, under a random name.
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_path = models.CharField(_("stored as"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        User,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    review = models.CharField(_("review"), max_length=20, choices=Review.choices, blank=True)
    review_comment = models.TextField(_("comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["deliverable", "submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(link="") & Q(file_path="")) | (Q(link="") & ~Q(file_path="")),
                name="draft_link_or_file",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name or self.link

    @property
    def is_file(self) -> bool:
        return bool(self.file_path)


class Payment(models.Model):
    """What the brand owes for an accepted request, by when, and when it paid. Recorded by the brand; the
    creators read, per brand, how many were paid on time, late, or are still open (docs/campaigns.md)."""

    request = models.ForeignKey(
        CollaborationRequest,
        verbose_name=_("collaboration request"),
        on_delete=models.CASCADE,
        related_name="payments",
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    due_date = models.DateField(_("due"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["request", "due_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.request}: {self.amount_summary()}"

    def amount_summary(self) -> str:
        return money(self.amount, self.currency)

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def is_late(self) -> bool:
        """Paid after its due date, or not paid and past it."""
        if self.paid_on is not None:
            return self.paid_on > self.due_date
        return self.due_date < timezone.localdate()
