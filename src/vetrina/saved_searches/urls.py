from django.urls import path

from vetrina.saved_searches import views

app_name = "saved_searches"

urlpatterns = [
    path("search/saved/", views.index, name="index"),
    path("search/saved/new/", views.create, name="create"),
    path("search/saved/<int:saved_search_id>/", views.detail, name="detail"),
    path("search/saved/<int:saved_search_id>/rename/", views.rename, name="rename"),
    path("search/saved/<int:saved_search_id>/delete/", views.delete, name="delete"),
    path("search/saved/<int:saved_search_id>/alerts/", views.alerts, name="alerts"),
]
