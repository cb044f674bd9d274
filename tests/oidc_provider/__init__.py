"""A real OpenID Connect provider for the tests: django-oauth-toolkit in its own process.

`tests/accounts/conftest.py` starts it on a free port of 127.0.0.1 with its own SQLite
file; the platform under test then talks to it over real HTTP, as it would to the
ministry's identity provider.
"""
