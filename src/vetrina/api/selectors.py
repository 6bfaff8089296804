"""Reads of API tokens, scoped to their owner."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vetrina.accounts.access import may_contact, may_keep_lists
from vetrina.accounts.models import User
from vetrina.api.models import ApiToken


def api_tokens_for(*, user: User) -> QuerySet[ApiToken]:
    return user.api_tokens.all()


def get_api_token_for(user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; anybody else's is a 404, as if it did not exist."""
    return get_object_or_404(ApiToken, pk=pk, user=user)


def api_token_scopes_for(user: User) -> list[ApiToken.Scope]:
    """The access a token of `user` may have: read and write only for who writes on the pages too
    (keeps lists or contacts creators); a visitor's or staff's write would be refused by every
    endpoint, so their tokens read only."""
    if may_keep_lists(user) or may_contact(user):
        return [ApiToken.Scope.READ, ApiToken.Scope.READ_WRITE]
    return [ApiToken.Scope.READ]
