from django.urls import path

from vetrina.shortlists import views

app_name = "shortlists"

urlpatterns = [path("shortlists/", views.index, name="index")]
