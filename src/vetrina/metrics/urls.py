from django.urls import path

from vetrina.creators import views

app_name = "creators"

urlpatterns = [path("creators/<str:handle>/", views.detail, name="detail")]
