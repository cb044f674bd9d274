"""Security tools run by the suite itself, so that `make test` (and CI) runs them:
bandit over the code, pip-audit over the locked dependencies, and Django's deployment
checks with the production settings."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args: str, env: dict[str, str] | None = None, timeout: int = 300) -> Any:
    return subprocess.run(
        args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout, check=False
    )


def test_bandit_finds_nothing_in_the_code() -> None:
    """Configuration in pyproject.toml ([tool.bandit]); a false positive carries a
    `# nosec BXXX  # reason` on its line."""
    done = run(str(BIN / "bandit"), "-c", "pyproject.toml", "-r", "src", "-q", "-f", "json")
    report = json.loads(done.stdout)
    issues = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
    ]
    assert not issues, "bandit:\n" + "\n".join(issues)
    assert not report["errors"], report["errors"]
    assert done.returncode == 0, done.stderr


def _production_env(tmp_path: Path, secret_key: str) -> dict[str, str]:
    """Production: no DIPLOMATIE_DEMO, DEBUG off, a real secret from the environment,
    ALLOWED_HOSTS set, TLS terminated by the proxy in front."""
    # Nothing of the test run's environment (DJANGO_ALLOW_ASYNC_UNSAFE, set for the browser
    # tests, DEBUG, DIPLOMATIE_DEMO…): only what a service manager would give the process.
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    env.update(
        DIPLOMATIE_DATA_DIR=str(tmp_path),
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="diplomatie.example",
        CSRF_TRUSTED_ORIGINS="https://diplomatie.example",
        BEHIND_TLS_PROXY="1",
    )
    return env


def deploy_check(tmp_path: Path, secret_key: str) -> Any:
    return run(
        sys.executable,
        "-m",
        "diplomatie.cli",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=_production_env(tmp_path, secret_key),
    )


def test_deploy_check_is_clean_with_the_production_settings(tmp_path: Path) -> None:
    done = deploy_check(tmp_path, secrets.token_urlsafe(64))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout + done.stderr


def test_deploy_check_would_catch_a_weak_secret(tmp_path: Path) -> None:
    """The check above has teeth: a short secret key is reported."""
    done = deploy_check(tmp_path, "too-short")
    assert done.returncode != 0
    assert "security.W009" in done.stdout + done.stderr


def _accepted() -> dict[str, str]:
    data = tomllib.loads((Path(__file__).parent / "known_vulnerabilities.toml").read_text())
    accepted: dict[str, str] = data.get("ignore", {})
    blank = [key for key, reason in accepted.items() if not reason.strip()]
    assert not blank, f"say why these are accepted: {blank}"
    return accepted


def test_locked_dependencies_have_no_known_vulnerability() -> None:
    """pip-audit needs its vulnerability database (PyPI's JSON API or OSV) over the network:
    when it cannot reach it the test says so and is skipped, it does not fail on that."""
    accepted = _accepted()
    try:
        done = run(
            str(BIN / "pip-audit"),
            "--requirement",
            "requirements.lock",
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            timeout=600,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("pip-audit: its vulnerability database did not answer in time: NOT AUDITED")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"pip-audit could not reach its vulnerability database: NOT AUDITED ({last})")
    dependencies = report["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        reason = dependencies[0]["skip_reason"] if dependencies else "nothing to audit"
        pytest.skip(
            "pip-audit could not reach its vulnerability database: NOT AUDITED "
            f"({len(dependencies)} dependencies skipped, e.g. {reason})"
        )
    found = [
        f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or '?'})"
        for d in audited
        for v in d.get("vulns", [])
        if v["id"] not in accepted and not set(v.get("aliases", [])) & set(accepted)
    ]
    assert not found, (
        "known vulnerabilities in requirements.lock (upgrade, or say why in "
        "tests/security/known_vulnerabilities.toml):\n" + "\n".join(found)
    )


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://tsa.example/", "tsa.example"])
def test_a_time_stamping_authority_is_reached_over_http_only(url: str) -> None:
    """`urlopen` would read a local file for TSA_URL=file:///…: refused when configured."""
    from django.core.exceptions import ImproperlyConfigured

    from diplomatie.signatures.signing import HTTPTimeStamper

    with pytest.raises(ImproperlyConfigured, match="TSA_URL"):
        HTTPTimeStamper(url)
    assert HTTPTimeStamper("https://tsa.example/").url == "https://tsa.example/"
