from django.urls import URLPattern, path

from diplomatie.accounts.second_factor import views

# Included by accounts/urls.py under "double-facteur/", in the "accounts" namespace.
urlpatterns: list[URLPattern] = [
    path("", views.index, name="second_factor"),
    path("verification/", views.verify, name="second_factor_verify"),
    path("application/", views.totp_setup, name="totp_setup"),
    path("cle/", views.passkey_setup, name="passkey_setup"),
    path(
        "cle/options-enregistrement/",
        views.passkey_registration_options,
        name="passkey_registration_options",
    ),
    path("cle/options/", views.passkey_assertion_options, name="passkey_assertion_options"),
    path("codes/", views.recovery_codes, name="recovery_codes"),
    path("<str:kind>/<int:device_id>/supprimer/", views.remove_device, name="remove_device"),
    path("reinitialiser/<int:agent_id>/", views.reset, name="second_factor_reset"),
]
