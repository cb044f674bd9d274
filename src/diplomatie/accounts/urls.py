from django.contrib.auth import views as auth_views
from django.urls import include, path

from diplomatie.accounts import views

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
    # Second factor (authenticator apps, passkeys, recovery codes).
    path("double-facteur/", include("diplomatie.accounts.second_factor.urls")),
]
