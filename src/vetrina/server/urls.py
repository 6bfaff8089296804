from django.urls import path

from vetrina.server.health import healthz

app_name = "server"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
]
