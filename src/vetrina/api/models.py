from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A named key to the API for scripts and tools. Only the token's SHA-256 is kept: the owner sees
    the token once, when it is made."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        READ_WRITE = "read_write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("access"), max_length=16, choices=Scope.choices, default=Scope.READ)
    token_hash = models.CharField(max_length=64, unique=True)
    # The token's first characters, so that its owner can tell tokens apart; too few to guess the rest.
    prefix = models.CharField(_("starts with"), max_length=12)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # ninja's throttles key on str(request.auth): the row, never the secret.
        return f"api-token-{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE


class ApiTokenRateWindow(models.Model):
    """How many requests a token made in its current minute, for the rate limit (api.auth).

    The minute starts with the token's first request after the last one ended. One row per token, counted
    by a single INSERT … ON CONFLICT DO UPDATE, so that requests arriving at once each count.
    """

    token = models.OneToOneField(ApiToken, on_delete=models.CASCADE, primary_key=True, related_name="+")
    # Unix time, in seconds: compared with the caller's clock in SQL, the same on SQLite and PostgreSQL.
    started_at = models.FloatField()
    requests = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"api-token-{self.token_id}: {self.requests} since {self.started_at}"
