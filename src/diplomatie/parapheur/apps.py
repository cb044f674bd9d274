from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParapheurConfig(AppConfig):
    name = "diplomatie.parapheur"
    label = "parapheur"
    verbose_name = _("Parapheur")

    def ready(self) -> None:
        from diplomatie.accounts.second_factor.requirement import register_requirement
        from diplomatie.parapheur.signers import may_be_asked_to_sign

        register_requirement("signer", may_be_asked_to_sign)
