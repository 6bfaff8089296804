from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerGroup(models.Model):
    """The typical values of the verified creators of one follower tier and first category (category ""
    for the whole tier): what a creator's authenticity signals are held against.

    A group's typical value is its median. A group with fewer than authenticity.MIN_PEERS verified
    creators has too few for a median to mean much: its typical values are estimated as its tier's
    median times how its category compares with its tier (see peers._category_factors).

    Rewritten whole by `peers.peers_recompute`, in the transaction that rewrites the scores, so a page
    always shows a score with the typical values it was computed against.
    """

    tier = models.PositiveSmallIntegerField(_("tier"))
    category = models.CharField(_("category"), max_length=32, blank=True)
    creators = models.PositiveIntegerField(_("verified creators"))
    # Typical values over the creators whose number is defined; null when none is.
    active_share = models.FloatField(null=True, blank=True)
    engagement_rate = models.FloatField(null=True, blank=True)
    follower_spike = models.FloatField(null=True, blank=True)  # largest daily gain / usual daily change
    views_per_follower = models.FloatField(null=True, blank=True)
    comments_per_like = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        constraints = [models.UniqueConstraint(fields=["tier", "category"], name="peer_group_once")]

    def __str__(self) -> str:
        return f"{self.tier}/{self.category or '*'}"
