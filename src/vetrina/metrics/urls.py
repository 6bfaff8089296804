from django.urls import path

from vetrina.metrics import views

app_name = "metrics"

# The creator's metrics page: to a reader it is the creator's page, so its address is under /creators/;
# it lives here because everything it shows is a number of metrics'.
urlpatterns = [
    path("creators/<str:handle>/", views.detail, name="creator"),
    # The page's "Similar creators", fetched after the page (htmx) so the page itself stays as fast.
    path("creators/<str:handle>/similar/", views.similar, name="similar"),
    # Staff verifying a creator from the review's creators tab (creators:review).
    path("review/creators/<str:handle>/invite/", views.verify, name="verify"),
]
