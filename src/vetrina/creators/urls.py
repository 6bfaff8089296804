from django.urls import path

from vetrina.creators import views

app_name = "creators"

urlpatterns = [
    # Staff's review has two tabs, applications (accounts) and creators (here), under one /review/. Its
    # verify button posts to metrics:verify.
    path("review/creators/", views.review, name="review"),
]
