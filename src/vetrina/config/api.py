"""The one NinjaAPI: mounts each app's router and gives every error the shape of docs/api.md.

It lives in config, above every app, so that `vetrina.api` holds only what the apps' routers import
(token auth, throttling, the error shapes) and imports no app above it.
"""

from ninja import NinjaAPI
from ninja.security import django_auth

from vetrina.api.access import signed_in_docs
from vetrina.api.auth import TokenAuth, TokenRateThrottle
from vetrina.api.errors import install_error_handlers
from vetrina.collaborations.api import router as collaborations_router
from vetrina.creators.api import router as creators_router
from vetrina.metrics.api import router as metrics_router
from vetrina.results.api import router as results_router
from vetrina.saved_searches.api import router as saved_searches_router
from vetrina.search.api import lists_router as search_lists_router
from vetrina.search.api import router as search_router
from vetrina.shortlists.api import router as shortlists_router

api = NinjaAPI(
    title="Vetrina API",
    version="1",
    description=(
        "Search creators and read their numbers. Rates and shares are fractions (0.035 is 3.5 %); "
        "an undefined number is null."
    ),
    # A token for scripts, the session for the pages (and the interactive docs).
    auth=[TokenAuth(), django_auth],
    throttle=[TokenRateThrottle()],
    docs_decorator=signed_in_docs,
    urls_namespace="api",
)
install_error_handlers(api)
# Under /creators: search answers the list, metrics one creator's detail, creators its videos.
api.add_router("/creators", search_router)
api.add_router("/creators", metrics_router)
api.add_router("/creators", creators_router)
# A search's matches onto a list: first, so that its path is not taken for a creator's handle on the list.
api.add_router("/shortlists", search_lists_router)
api.add_router("/shortlists", shortlists_router)
api.add_router("/collaborations", collaborations_router)
api.add_router("/campaigns", results_router)
api.add_router("/saved-searches", saved_searches_router)
