"""Gunicorn embedded in the `diplomatie` command, so that no other launcher is needed."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class EmbeddedServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key.lower(), value)

    def load(self) -> Any:
        return self.application


def serve(*, bind: str, workers: int, threads: int, access_log: bool) -> None:
    from django.core.wsgi import get_wsgi_application

    options: dict[str, Any] = {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": 60,
        "graceful_timeout": 20,
        "accesslog": "-" if access_log else None,
        "forwarded_allow_ips": "127.0.0.1",
    }
    EmbeddedServer(get_wsgi_application(), options).run()
