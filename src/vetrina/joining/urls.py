from django.urls import path

from vetrina.joining import views

app_name = "joining"

urlpatterns = [
    # Applying as a creator (anonymous), and the e-mailed link that confirms the address
    path("join/", views.apply, name="apply"),
    path("join/sent/", views.apply_sent, name="apply_sent"),
    path("join/confirm/<str:token>/", views.confirm, name="confirm"),
    # The creator's own space (a creator-side account that joined by itself)
    path("my-creator/", views.space, name="space"),
    path("my-creator/profile/", views.profile, name="profile"),
    path("my-creator/pause/", views.pause, name="pause"),
    # "Sync now", and where TikTok's return sends the creator (connectors:tiktok_callback's next)
    path("my-creator/sync/", views.sync, name="sync"),
    path("my-creator/connected/", views.connected, name="connected"),
    path("my-creator/preview/", views.preview, name="preview"),
    path("my-creator/export.json", views.export, name="export"),
    path("my-creator/leave/", views.leave, name="leave"),
    # A refused creator applies again (the refusal stays in staff's history)
    path("my-creator/apply-again/", views.apply_again, name="apply_again"),
    # Staff: the creators who applied and meet every condition
    path("review/joined/", views.review, name="review"),
    path("review/joined/<int:pk>/", views.review_detail, name="review_detail"),
    path("review/joined/<int:pk>/verify/", views.verify, name="verify"),
    path("review/joined/<int:pk>/refuse/", views.refuse, name="refuse"),
]
