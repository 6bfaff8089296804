from django.urls import path

from vetrina.results import views

app_name = "results"

# Under My Activity, beside the campaigns they are the results of.
urlpatterns = [
    path("activity/results/", views.overview, name="overview"),
    path("activity/campaigns/<int:pk>/results/", views.report, name="report"),
    path("activity/campaigns/<int:pk>/results.csv", views.report_csv, name="report_csv"),
]
