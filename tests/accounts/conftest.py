from tests.oidc_provider.fixtures import oidc_provider, sso

__all__ = ["oidc_provider", "sso"]
