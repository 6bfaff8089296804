from django.urls import path

from vetrina.privacy import views

app_name = "privacy"

urlpatterns = [
    # Every account's own data: download it, or delete the account (docs/privacy.md)
    path("account/", views.account, name="account"),
    path("account/export.json", views.account_export_view, name="account_export"),
    path("account/delete/", views.account_delete_view, name="account_delete"),
]
