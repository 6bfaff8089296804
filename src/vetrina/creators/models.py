from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from vetrina.creators.audience import SHARE_COLUMNS

HANDLE_PATTERN = r"^[a-z0-9._]{2,64}\Z"
AVATAR_URL_MAX_LENGTH = 500
handle_validator = RegexValidator(
    HANDLE_PATTERN, _("A handle is 2 to 64 lowercase letters, digits, '.' or '_'.")
)


class Creator(models.Model):
    """A creator's profile, audience shares and stored numbers (docs/numbers.md).

    The numbers are facts derived from the videos and snapshots; `vetrina.metrics` computes
    them when data arrives, so that search never computes them per request.
    """

    handle = models.CharField(_("handle"), max_length=64, unique=True, validators=[handle_validator])
    display_name = models.CharField(_("display name"), max_length=200)
    country = CountryField(_("country"), db_index=True)
    # Ordered: the first category is the creator's main one (peer groups, percentiles).
    categories = models.JSONField(_("categories"), default=list)
    primary_category = models.CharField(_("main category"), max_length=32, db_index=True, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    # The creator's picture, shown instead of their initials: an http(s) address from an import
    # (ingest.parsing checks it), or a path of Vetrina's own static files (the demo's faces).
    avatar_url = models.CharField(_("avatar URL"), max_length=AVATAR_URL_MAX_LENGTH, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    verified = models.BooleanField(_("verified"), default=False)
    manager_email = models.EmailField(_("manager e-mail"), blank=True)
    # The creator's own, from their space (vetrina.joining): their rate per video, and whether they take
    # requests now. Paused, they are not found in search and no new request reaches them.
    rate_per_video = models.DecimalField(
        _("rate per video"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    rate_currency = models.CharField(_("currency"), max_length=3, blank=True)
    requests_paused = models.BooleanField(_("requests paused"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("data updated"), auto_now=True)
    # What search reads for `q` and `category`, derived from the fields above and the videos' captions
    # (search.indexing): their words, the captions' hashtags and mentions, the categories as bits.
    search_text = models.TextField(blank=True, default="", editable=False)
    caption_tags = models.TextField(blank=True, default="", editable=False)
    category_mask = models.BigIntegerField(default=0, editable=False)

    # Audience shares (0-1); null when the dimension was never imported.
    audience_age_13_17 = models.FloatField(null=True, blank=True)
    audience_age_18_24 = models.FloatField(null=True, blank=True)
    audience_age_25_34 = models.FloatField(null=True, blank=True)
    audience_age_35_44 = models.FloatField(null=True, blank=True)
    audience_age_45_54 = models.FloatField(null=True, blank=True)
    audience_age_55_plus = models.FloatField(null=True, blank=True)
    audience_gender_female = models.FloatField(null=True, blank=True)
    audience_gender_male = models.FloatField(null=True, blank=True)
    audience_gender_other = models.FloatField(null=True, blank=True)
    audience_device_ios = models.FloatField(null=True, blank=True)
    audience_device_android = models.FloatField(null=True, blank=True)
    audience_device_other = models.FloatField(null=True, blank=True)
    audience_activity_active = models.FloatField(null=True, blank=True)
    audience_activity_passive = models.FloatField(null=True, blank=True)

    # Stored numbers; null means undefined (docs/numbers.md), never zero.
    reach = models.BigIntegerField(_("reach"), null=True, blank=True)
    data_date = models.DateField(_("data date"), null=True, blank=True)
    avg_views = models.FloatField(null=True, blank=True)
    avg_likes = models.FloatField(null=True, blank=True)
    avg_comments = models.FloatField(null=True, blank=True)
    avg_shares = models.FloatField(null=True, blank=True)
    median_views = models.FloatField(null=True, blank=True)
    engagement_rate = models.FloatField(null=True, blank=True)
    engagement_rate_last_15 = models.FloatField(null=True, blank=True)
    follower_growth_30d = models.BigIntegerField(null=True, blank=True)
    follower_growth_per_day_30d = models.FloatField(null=True, blank=True)
    follower_growth_rate_30d = models.FloatField(null=True, blank=True)
    # Facts behind the authenticity signals, from the creator's own data (metrics.compute).
    video_count = models.PositiveIntegerField(null=True, blank=True)
    history_days = models.PositiveIntegerField(null=True, blank=True)
    views_per_follower = models.FloatField(null=True, blank=True)
    comments_per_like = models.FloatField(null=True, blank=True)
    largest_daily_gain = models.FloatField(null=True, blank=True)
    largest_daily_gain_on = models.DateField(null=True, blank=True)
    usual_daily_change = models.FloatField(null=True, blank=True)
    largest_gain_video_lift = models.FloatField(null=True, blank=True)
    metrics_computed_at = models.DateTimeField(null=True, blank=True)

    # Numbers that depend on the creator's peers (metrics.peers), rewritten for every creator at once
    # after an import or a recompute. Percentiles are 0-100, null when undefined.
    avg_views_percentile = models.FloatField(null=True, blank=True)
    avg_likes_percentile = models.FloatField(null=True, blank=True)
    avg_comments_percentile = models.FloatField(null=True, blank=True)
    avg_shares_percentile = models.FloatField(null=True, blank=True)
    median_views_percentile = models.FloatField(null=True, blank=True)
    engagement_rate_percentile = models.FloatField(null=True, blank=True)
    follower_growth_rate_percentile = models.FloatField(null=True, blank=True)
    active_share_percentile = models.FloatField(null=True, blank=True)
    authenticity_score = models.FloatField(_("authenticity"), null=True, blank=True)
    # How much data the score rests on: a metrics.authenticity.Confidence code; null without a score.
    authenticity_confidence = models.CharField(max_length=8, null=True, blank=True)  # noqa: DJ001
    # Why there is no score: a metrics.authenticity.Unscored code; null when scored or not judged yet.
    authenticity_unscored = models.CharField(max_length=16, null=True, blank=True)  # noqa: DJ001
    # The peer group the percentiles and typical values were taken from (metrics.peers): its tier (null
    # once widened to every verified creator), its first category ("" once widened to the tier) and how
    # many creators it holds, the creator left out. The size is null when there is no group (no reach).
    peer_group_tier = models.PositiveSmallIntegerField(null=True, blank=True)
    peer_group_category = models.CharField(max_length=32, blank=True, default="")
    peer_group_size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("creator")
        verbose_name_plural = _("creators")
        ordering = ["handle"]
        indexes = [
            # The few who paused requests, which the search leaves out by id (search.selectors._findable).
            models.Index(fields=["id"], condition=Q(requests_paused=True), name="creator_requests_paused"),
        ]

    def __str__(self) -> str:
        return f"@{self.handle}"

    def audience_shares(self, dimension: str) -> dict[str, float] | None:
        """The shares of a fixed dimension by bucket, or None when it was never imported."""
        columns = SHARE_COLUMNS[dimension]
        values = {bucket: getattr(self, column) for bucket, column in columns.items()}
        if all(value is None for value in values.values()):
            return None
        return {bucket: value or 0.0 for bucket, value in values.items()}


# The creator foreign keys below need no index of their own: each table's composite index or
# unique constraint starts with the creator, and every extra index slows the bulk imports.


class Video(models.Model):
    # TikTok's own id (up to 19 digits): ids compare as numbers, so they are stored as one.
    id = models.BigIntegerField(primary_key=True)
    creator = models.ForeignKey(Creator, on_delete=models.CASCADE, related_name="videos", db_index=False)
    posted_at = models.DateTimeField(_("posted"))
    views = models.PositiveBigIntegerField(_("views"))
    likes = models.PositiveBigIntegerField(_("likes"))
    comments = models.PositiveBigIntegerField(_("comments"))
    shares = models.PositiveBigIntegerField(_("shares"))
    duration_s = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    caption = models.TextField(_("caption"), blank=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        # docs/numbers.md: newest first, ties by id descending.
        ordering = ["-posted_at", "-id"]
        indexes = [models.Index(fields=["creator", "-posted_at", "-id"], name="video_creator_recent")]

    def __str__(self) -> str:
        return str(self.id)

    @property
    def tiktok_url(self) -> str:
        return f"https://www.tiktok.com/@{self.creator.handle}/video/{self.id}"


class FollowerSnapshot(models.Model):
    # A creator's day is the row's key: no id of its own. With one, a first import on PostgreSQL made a
    # key of 7.6 million ids beside this one (at 100,000 creators: 2 s more of the import, 220 MiB more
    # of the table), and nothing ever looked a snapshot up by it. On SQLite the table is WITHOUT ROWID
    # (migration 0013), which Django does not know of: a migration that has Django rebuild this table
    # there must make it so again.
    pk = models.CompositePrimaryKey("creator", "date")
    creator = models.ForeignKey(
        Creator, on_delete=models.CASCADE, related_name="follower_snapshots", db_index=False
    )
    date = models.DateField(_("date"))
    count = models.PositiveBigIntegerField(_("followers"))

    class Meta:
        verbose_name = _("follower snapshot")
        verbose_name_plural = _("follower snapshots")
        ordering = ["creator", "-date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.count}"


class AudienceCountry(models.Model):
    creator = models.ForeignKey(
        Creator, on_delete=models.CASCADE, related_name="audience_countries", db_index=False
    )
    country = models.CharField(_("country"), max_length=2)
    share = models.FloatField(_("share"))

    class Meta:
        verbose_name = _("audience country")
        verbose_name_plural = _("audience countries")
        ordering = ["creator", "-share", "country"]
        constraints = [
            models.UniqueConstraint(fields=["creator", "country"], name="audience_country_once"),
        ]
        # By country and share: the search's own index (country, share, creator), which the audience
        # country filter reads alone (search.indexes); a second one on (country, share) only slowed writes.

    def __str__(self) -> str:
        return f"{self.country}: {self.share:.3f}"


class VideoPoint(models.Model):
    """A video's counts at one moment: the history of a campaign's results (docs/campaigns.md, "Results").

    Kept only for the videos a campaign's creator recorded as posted, not for every imported video: one
    point when the video is recorded as posted (if it has arrived), then one each time an import changes
    its counts. The caller chooses the videos (results.services); `services.video_points_record` writes."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="points", db_index=False)
    at = models.DateTimeField(_("when"))
    views = models.PositiveBigIntegerField(_("views"))
    likes = models.PositiveBigIntegerField(_("likes"))
    comments = models.PositiveBigIntegerField(_("comments"))
    shares = models.PositiveBigIntegerField(_("shares"))

    class Meta:
        verbose_name = _("video's counts at one moment")
        verbose_name_plural = _("videos' counts over time")
        ordering = ["video", "at"]
        # Also the index the history is read by (the video's points in time order).
        constraints = [models.UniqueConstraint(fields=["video", "at"], name="video_point_one_per_moment")]

    def __str__(self) -> str:
        return f"{self.video_id} at {self.at:%Y-%m-%d %H:%M}: {self.views}"
