"""A creator-side account's link to a source of its numbers: TikTok, for now (docs/tiktok.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TikTokConnection(models.Model):
    """One creator-side account's TikTok grant. The tokens are stored encrypted (connectors.crypto):
    read them through connectors.services, never from these columns."""

    class State(models.TextChoices):
        CONNECTED = "connected", _("connected")
        # TikTok no longer accepts the grant (revoked by the creator, or expired): they must connect again.
        RECONNECT_NEEDED = "reconnect_needed", _("reconnect needed")
        DISCONNECTED = "disconnected", _("disconnected")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="tiktok_connection",
    )
    # TikTok's id of the account for this app; empty once disconnected.
    open_id = models.CharField(_("TikTok open_id"), max_length=100, blank=True)
    username = models.CharField(_("TikTok username"), max_length=100, blank=True)
    access_token_encrypted = models.TextField(_("access token (encrypted)"), blank=True)
    access_expires_at = models.DateTimeField(_("access token expires"), null=True, blank=True)
    refresh_token_encrypted = models.TextField(_("refresh token (encrypted)"), blank=True)
    refresh_expires_at = models.DateTimeField(_("refresh token expires"), null=True, blank=True)
    # As TikTok lists them, comma-separated: the creator may untick some on TikTok's consent page.
    scopes = models.CharField(_("granted scopes"), max_length=500, blank=True)
    is_business_account = models.BooleanField(_("business account"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.CONNECTED)
    connected_at = models.DateTimeField(_("connected"))
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("TikTok connection")
        verbose_name_plural = _("TikTok connections")
        constraints = [
            # One TikTok account feeds one Vetrina account: two would import it as two creators.
            models.UniqueConstraint(
                fields=["open_id"], condition=~Q(open_id=""), name="tiktok_connection_open_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"@{self.username}" if self.username else str(self.user)

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(scope.strip() for scope in self.scopes.split(",") if scope.strip())
