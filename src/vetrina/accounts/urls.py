from django.contrib.auth import views as auth_views
from django.urls import path

from vetrina.accounts import views

app_name = "accounts"

urlpatterns = [
    # Applying (anonymous)
    path("apply/", views.apply, name="apply"),
    path("apply/sent/", views.apply_sent, name="apply_sent"),
    path("apply/strategy/<str:token>/", views.strategy_answer, name="strategy_answer"),
    # Signing in
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.language_set, name="language"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    # Team: an organisation's members; its owner invites and removes them
    path("team/", views.team, name="team"),
    path("team/invite/", views.team_invite, name="team_invite"),
    path("team/members/<int:pk>/remove/", views.team_member_remove_view, name="team_member_remove"),
    path("team/members/<int:pk>/make-owner/", views.team_owner_hand_on_view, name="team_owner_hand_on"),
    path(
        "team/invitations/<int:pk>/cancel/", views.team_invitation_cancel_view, name="team_invitation_cancel"
    ),
    # Reviewing (staff)
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.application_detail, name="application_detail"),
    path("review/<int:pk>/ask/", views.application_ask, name="application_ask"),
    path("review/<int:pk>/approve/", views.application_approve_view, name="application_approve"),
    path("review/<int:pk>/reject/", views.application_reject_view, name="application_reject"),
    path("review/<int:pk>/invite-again/", views.application_invite_again, name="application_invite_again"),
    path("review/<int:pk>/erase/", views.application_erase_view, name="application_erase"),
]
