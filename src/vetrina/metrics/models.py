from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerGroup(models.Model):
    """The typical values of one peer group (docs/numbers.md): the verified creators of a follower tier and
    first category, of a whole tier (category ""), or every verified creator (no tier). A typical value is
    the median over the group's verified creators whose number is defined.

    Rewritten whole by `peers.peers_recompute`, in the transaction that rewrites the scores, so a page
    always shows a score with the typical values it was computed against. (Not unique on (tier, category):
    the whole-tier and everyone's rows hold nulls and "", which not every database's unique constraint
    tells apart; the pass writes each group once.)
    """

    tier = models.PositiveSmallIntegerField(_("tier"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=32, blank=True, default="")
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
        indexes = [models.Index(fields=["tier", "category"], name="peer_group_tier_category")]

    def __str__(self) -> str:
        return f"{self.tier} {self.category}".strip()
