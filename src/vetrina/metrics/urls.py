from django.urls import path

from vetrina.metrics import views

# The creator's metrics page keeps the name every template links it by, creators:detail: to a reader it
# is a creator's page; it lives here because it shows metrics' numbers (and metrics sits above creators).
app_name = "creators"

urlpatterns = [path("creators/<str:handle>/", views.detail, name="detail")]
