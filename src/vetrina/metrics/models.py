from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerGroup(models.Model):
    """The typical values of the verified creators of one follower tier, every category together: what a
    creator's authenticity signals are held against (issue #6). A typical value is the median over the
    tier's verified creators whose number is defined.

    Rewritten whole by `peers.peers_recompute`, in the transaction that rewrites the scores, so a page
    always shows a score with the typical values it was computed against.
    """

    tier = models.PositiveSmallIntegerField(_("tier"), unique=True)
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

    def __str__(self) -> str:
        return str(self.tier)
