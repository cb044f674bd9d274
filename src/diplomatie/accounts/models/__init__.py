from diplomatie.accounts.models.session import AccountSession, SignInMethod

__all__ = ["AccountSession", "SignInMethod"]
