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
    path("activity/deliverables/<int:pk>/review/", views.review, name="review"),
    path("activity/requests/<int:pk>/payments/", views.record_payment, name="record_payment"),
    path("activity/payments/<int:pk>/paid/", views.payment_paid, name="payment_paid"),
    # A draft's file: only to the two sides, each through its own way in, which checks who asks.
    path("activity/drafts/<int:pk>/file/", views.brand_draft_file, name="brand_draft_file"),
    path("requests/drafts/<int:pk>/file/", views.inbox_draft_file, name="inbox_draft_file"),
    path("answer/<str:token>/drafts/<int:pk>/file/", views.link_draft_file, name="link_draft_file"),
    # The creator's side: the inbox, and the page of the e-mailed link (no account)
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("answer/<str:token>/", views.answer, name="answer"),
]
