from django.urls import path

from vetrina.shortlists import views

app_name = "shortlists"

urlpatterns = [
    path("shortlists/", views.index, name="index"),
    path("shortlists/new/", views.create, name="create"),
    path("shortlists/<int:shortlist_id>/", views.detail, name="detail"),
    path("shortlists/<int:shortlist_id>/edit/", views.edit, name="edit"),
    path("shortlists/<int:shortlist_id>/delete/", views.delete, name="delete"),
    path("shortlists/<int:shortlist_id>/export.csv", views.export_csv, name="export"),
    path("shortlists/<int:shortlist_id>/creators/<str:handle>/note/", views.note, name="note"),
    path("shortlists/<int:shortlist_id>/creators/<str:handle>/remove/", views.remove, name="remove"),
    path("shortlists/picker/<str:handle>/", views.picker, name="picker"),
]
