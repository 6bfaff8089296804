from django.urls import path

from vetrina.creators import views

app_name = "creators"

urlpatterns = [
    # Staff's review has two tabs, applications (accounts) and creators (here), under one /review/.
    path("review/creators/", views.review, name="review"),
    path("review/creators/<str:handle>/invite/", views.verify, name="verify"),
]
