from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from vetrina.api.api import api

urlpatterns = [
    # Until the landing page arrives with the access issue, the front door is the staff admin.
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
