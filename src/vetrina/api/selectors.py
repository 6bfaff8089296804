"""Reads of API tokens, scoped to their owner."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vetrina.accounts.models import User
from vetrina.api.models import ApiToken


def api_tokens_for(*, user: User) -> QuerySet[ApiToken]:
    return user.api_tokens.all()


def get_api_token_for(user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; anybody else's is a 404, as if it did not exist."""
    return get_object_or_404(ApiToken, pk=pk, user=user)
