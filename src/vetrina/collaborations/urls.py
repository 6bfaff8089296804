from django.urls import path

from vetrina.collaborations import views

app_name = "collaborations"

urlpatterns = [
    path("contact/", views.contact, name="contact"),
    # My Activity: the organisation's campaigns and requests
    path("activity/", views.activity, name="activity"),
    path("activity/campaigns/<int:pk>/", views.campaign, name="campaign"),
    path("activity/requests/<int:pk>/", views.sent_request, name="sent_request"),
    path("activity/requests/<int:pk>/counter/", views.counter_answer, name="counter_answer"),
    path("activity/requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    # The creator's side: the inbox, and the page of the e-mailed link (no account)
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("answer/<str:token>/", views.answer, name="answer"),
]
