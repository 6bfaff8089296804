from django.contrib import admin
from django.urls import include, path, re_path

from vetrina.accounts.views import admin_login
from vetrina.api.access import api_fallback
from vetrina.config.api import api
from vetrina.config.views import home

handler500 = "vetrina.config.views.server_error"

urlpatterns = [
    # Before the admin's own: one log-in page for everybody, with the lock-out's message.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    # The API's root and unknown paths answer in the API's way (401 to anonymous callers, JSON errors),
    # not with a page; ninja's own root view only names the prefix.
    path("api/v1/", api_fallback),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/", api_fallback),
    path("", home, name="home"),
    path("", include("vetrina.server.urls")),
    path("", include("vetrina.accounts.urls")),
    path("", include("vetrina.api.urls")),
    path("", include("vetrina.metrics.urls")),
    path("", include("vetrina.creators.urls")),
    path("", include("vetrina.search.urls")),
    path("", include("vetrina.saved_searches.urls")),
    path("", include("vetrina.shortlists.urls")),
    path("", include("vetrina.collaborations.urls")),
    path("", include("vetrina.results.urls")),
    path("", include("vetrina.notifications.urls")),
    path("", include("vetrina.privacy.urls")),
    path("", include("vetrina.joining.urls")),
    path("", include("vetrina.connectors.urls")),
]
