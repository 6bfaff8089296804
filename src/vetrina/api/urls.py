from django.urls import path

from vetrina.api import views

app_name = "api_tokens"

urlpatterns = [
    path("settings/api-tokens/", views.tokens, name="index"),
    path("settings/api-tokens/<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
