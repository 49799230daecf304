"""Production settings: `check --deploy` is clean, and a missing SECRET_KEY stops the start."""

import os
import subprocess
import sys

from django.core.management import call_command

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "p" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "lll.wup.example",
    "DATABASE_URL": "sqlite:////tmp/lll-deploy-check.sqlite3",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.wup.example:587",
}


def run_lll(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser tests allow async-unsafe ORM calls in this process; production does not.
    dropped = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "-m", "lll", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_with_production_values():
    result = run_lll("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_lll("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_migrations_match_the_models(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_mail_goes_to_var_in_development_and_to_smtp_when_configured(tmp_path):
    show = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, sep='|')"  # noqa: E501
    base = {"LLL_VAR_DIR": str(tmp_path), "DEBUG": "1"}
    result = run_lll("shell", "-v0", "-c", show, env=base)
    backend, path, *_ = result.stdout.strip().split("|")
    assert backend.endswith("filebased.EmailBackend")
    assert path == str(tmp_path / "mail")
    smtp = {**base, "EMAIL_URL": "smtp+tls://u:p@smtp.wup.example:587"}
    result = run_lll("shell", "-v0", "-c", show, env=smtp)
    backend, _path, *server = result.stdout.strip().split("|")
    assert backend.endswith("smtp.EmailBackend")
    assert server == ["smtp.wup.example", "587", "True"]
