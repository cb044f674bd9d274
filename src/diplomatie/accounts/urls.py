from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from diplomatie.accounts import sso, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.SignInView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mot-de-passe/change/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("oubli/", views.PasswordResetView.as_view(), name="password_reset"),
    path("oubli/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "oubli/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "oubli/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("langue/", views.switch_language, name="set_language"),
    # Single sign-on (404 when it is not configured) and the account's sessions.
    path("sso/connexion/", login_not_required(sso.SSOSignInView.as_view()), name="sso_login"),
    path("sso/retour/", login_not_required(sso.SSOCallbackView.as_view()), name="sso_callback"),
    path("sessions/", views.my_sessions, name="sessions"),
    path("sessions/<int:session_id>/terminer/", views.end_session, name="session_end"),
    path("sessions/terminer-autres/", views.end_other_sessions, name="sessions_end_others"),
]
