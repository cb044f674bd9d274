from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from diplomatie.accounts import accreditation_views, charter_views, sso, views

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
    # --- Accreditation of externals and the security charter ---------------------------
    path("", charter_views.account, name="account"),
    path("accreditation/demande/", accreditation_views.apply, name="apply"),
    path("accreditation/demande/envoyee/", accreditation_views.apply_done, name="apply_done"),
    path("accreditation/parrainer/", accreditation_views.invite, name="invite"),
    path("accreditations/", accreditation_views.accreditations, name="accreditations"),
    path(
        "accreditations/<int:accreditation_id>/",
        accreditation_views.accreditation,
        name="accreditation",
    ),
    path(
        "accreditations/<int:accreditation_id>/accepter/",
        accreditation_views.accept,
        name="accreditation_accept",
    ),
    path(
        "accreditations/<int:accreditation_id>/refuser/",
        accreditation_views.refuse,
        name="accreditation_refuse",
    ),
    path(
        "accreditations/<int:accreditation_id>/renouveler/",
        accreditation_views.renew,
        name="accreditation_renew",
    ),
    path(
        "accreditations/<int:accreditation_id>/revoquer/",
        accreditation_views.revoke,
        name="accreditation_revoke",
    ),
    path(
        "accreditations/<int:accreditation_id>/nouveau-lien/",
        accreditation_views.welcome_again,
        name="accreditation_welcome_again",
    ),
    path("bienvenue/<uidb64>/<token>/", accreditation_views.WelcomeView.as_view(), name="welcome"),
    path("bienvenue/termine/", accreditation_views.welcome_done, name="welcome_done"),
    path("charte/", charter_views.charter, name="charter"),
    path("charte/versions/", charter_views.charter_versions, name="charter_versions"),
    path("charte/versions/brouillon/", charter_views.charter_draft, name="charter_draft"),
    path(
        "charte/versions/<int:version_id>/",
        charter_views.charter_version,
        name="charter_version",
    ),
    path(
        "charte/versions/<int:version_id>/publier/",
        charter_views.charter_publish,
        name="charter_publish",
    ),
    # --- end of accreditation and charter ---------------------------------------------
    # Single sign-on (404 when it is not configured) and the account's sessions.
    path("sso/connexion/", login_not_required(sso.SSOSignInView.as_view()), name="sso_login"),
    path("sso/retour/", login_not_required(sso.SSOCallbackView.as_view()), name="sso_callback"),
    path("sessions/", views.my_sessions, name="sessions"),
    path("sessions/<int:session_id>/terminer/", views.end_session, name="session_end"),
    path("sessions/terminer-autres/", views.end_other_sessions, name="sessions_end_others"),
    # Second factor (authenticator apps, passkeys, recovery codes).
    path("double-facteur/", include("diplomatie.accounts.second_factor.urls")),
]
