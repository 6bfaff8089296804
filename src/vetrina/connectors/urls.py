from django.urls import path

from vetrina.connectors import views

app_name = "connectors"

urlpatterns = [
    path("connect/tiktok/", views.tiktok_connect, name="tiktok_connect"),
    path("connect/tiktok/callback/", views.tiktok_callback, name="tiktok_callback"),
    path("connect/tiktok/disconnect/", views.tiktok_disconnect, name="tiktok_disconnect"),
]
