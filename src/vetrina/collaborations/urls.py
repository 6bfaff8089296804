from django.urls import path

from vetrina.collaborations import views

app_name = "collaborations"

urlpatterns = [
    path("activity/", views.activity, name="activity"),
    path("requests/", views.requests, name="requests"),
]
