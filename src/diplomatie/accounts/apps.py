from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "diplomatie.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from diplomatie.accounts import signals  # noqa: F401  (connects the receivers)
        from diplomatie.accounts.accreditations import accreditation_sweep
        from diplomatie.accounts.sessions import sweep_stale_sessions
        from diplomatie.core.periodic import register_sweep

        # Accreditations past their date expire; sponsors are asked to renew before.
        register_sweep("accreditations", accreditation_sweep)

        # Sessions past their idle or absolute limit that nobody came back to.
        register_sweep("stale_sessions", sweep_stale_sessions)
        from diplomatie.accounts.second_factor import signals as second_factor  # noqa: F401
        from diplomatie.accounts.second_factor.devices import hide_devices_from_the_admin

        # Nobody reads or sets another agent's authenticator secret, administrators
        # included: a lost device is reset on the platform's own audited page.
        hide_devices_from_the_admin()
