"""config.settings.production: with only the values a deployment must choose (secret key, host names,
database, the Tijdscapsule key), Django's deployment checks find nothing, and the API refuses plain HTTP."""

import os
import subprocess
import sys

from cryptography.fernet import Fernet
from django.conf import settings


def test_production_settings_pass_check_deploy_with_only_the_required_values(tmp_path):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG", "SSL_REDIRECT", "HSTS_SECONDS", "SECURE_COOKIES")
        },
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "p" * 20 + "Zq8#vP2!mL5@xR7$wT1^nB4&cF6*hJ9(",
        "DJANGO_ALLOWED_HOSTS": "globalgoalsgemeenten.nl",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "TIJDSCAPSULE_KEY": Fernet.generate_key().decode(),
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.split()[-5:] == ["True", "31536000", "True", "True", "False"], result.stdout + result.stderr
