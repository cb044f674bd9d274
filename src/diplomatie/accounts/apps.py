from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "diplomatie.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from diplomatie.accounts import signals  # noqa: F401  (connects the receivers)
        from diplomatie.accounts.second_factor import signals as second_factor  # noqa: F401
