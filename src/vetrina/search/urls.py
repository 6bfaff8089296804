from django.urls import path

from vetrina.search import views

app_name = "search"

urlpatterns = [path("search/", views.index, name="index")]
