from django.urls import path

from vetrina.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.index, name="index"),
    path("search/add-to-list/", views.add_to_list, name="add_to_list"),
]
