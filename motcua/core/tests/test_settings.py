import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def load_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MOTCUA_", "DATABASE_URL"))}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='motcua.settings'; "
                "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS)"
            ),
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(
        MOTCUA_ENV="production", DJANGO_ALLOWED_HOSTS="dichvucong.example.vn", DATABASE_URL="postgres://u@localhost/db"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_sqlite_and_missing_hosts():
    result = load_settings(MOTCUA_ENV="production", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="a.vn")
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr
    result = load_settings(
        MOTCUA_ENV="production", DJANGO_SECRET_KEY="x" * 50, DATABASE_URL="postgres://u@localhost/db"
    )
    assert result.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_turns_debug_off_and_cookies_secure():
    result = load_settings(
        MOTCUA_ENV="production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="a.vn",
        DATABASE_URL="postgres://u@localhost/db",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "31536000"]


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get("/co-quan/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert '<html lang="vi">' in response.content.decode()
