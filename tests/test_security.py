"""Production settings and HTTP headers: check --deploy is clean, cookies, HSTS, CSP, Referrer-Policy."""

import datetime
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)
LOGIN = reverse("login")


def production_env(**extra):
    """The environment of a production server: no DEBUG, a real secret, a host name."""
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="example.org", **extra)
    return env


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


SETTINGS_DUMP = (
    "from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k, None) for k in "
    "['DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
    "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'AXES_ENABLED']}))"
)


def settings_under(env):
    result = run_manage("shell", "-c", SETTINGS_DUMP, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=production_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_production_refuses_to_start_without_secret_key():
    env = production_env()
    del env["SECRET_KEY"]

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY doit être défini dans l'environnement" in result.stderr


def test_production_settings_force_https_and_lock_out():
    values = settings_under(production_env())

    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "AXES_ENABLED": True,
    }


def test_hsts_and_redirect_follow_the_environment():
    values = settings_under(production_env(SECURE_HSTS_SECONDS="600", SECURE_SSL_REDIRECT="0"))

    assert (values["SECURE_HSTS_SECONDS"], values["SECURE_SSL_REDIRECT"]) == (600, False)


def test_development_server_is_not_redirected_to_https():
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env["DEBUG"] = "1"

    values = settings_under(env)

    assert (values["DEBUG"], values["SECURE_SSL_REDIRECT"], values["SESSION_COOKIE_SECURE"]) == (True, False, False)


# --- Headers, on a real page -----------------------------------------------------------------------


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def test_login_page_sends_the_security_headers(client, db):
    response = client.get(LOGIN, secure=True)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_content_security_policy_forbids_inline_scripts(client, db):
    directives = csp_directives(client.get(LOGIN))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"][0] == "'self'"
    assert all(source.startswith("'sha256-") for source in directives["style-src"][1:])
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)


def test_cookies_are_httponly_and_secure(client, conseiller):
    from tests import factories

    response = client.post(LOGIN, {"username": conseiller.email, "password": factories.DEMO_PASSWORD}, secure=True)

    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] is True
    assert session["secure"] is True
    assert session["samesite"] == "Lax"
    csrf = Client().get(LOGIN).cookies[settings.CSRF_COOKIE_NAME]
    assert (csrf["httponly"], csrf["secure"]) == (True, True)


def test_sessions_expire_after_two_hours_of_inactivity(client, conseiller):
    client.force_login(conseiller)

    response = client.get(reverse("home"))

    assert settings.SESSION_COOKIE_AGE == 7200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 7200


def test_activity_renews_the_session_every_few_minutes_not_on_every_page(client, conseiller, monkeypatch):
    from core import sessions

    clock = [1_000_000]
    monkeypatch.setattr(sessions.time, "time", lambda: clock[0])
    client.force_login(conseiller)
    client.get(reverse("home"))  # the first request stamps the session

    clock[0] += 60
    soon = client.get(reverse("home"))
    clock[0] += settings.SESSION_REFRESH_INTERVAL
    later = client.get(reverse("home"))

    assert settings.SESSION_COOKIE_NAME not in soon.cookies  # nothing written a minute later
    assert later.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 7200  # renewed after the interval
    assert client.session[sessions.REFRESHED_KEY] == clock[0]


def test_an_expired_session_sends_back_to_the_login_page(client, conseiller):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(conseiller)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)


def test_an_anonymous_visit_creates_no_session(client, db):
    response = client.get(LOGIN)

    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_permissions_come_from_the_rules_only(conseiller, django_assert_num_queries):
    """Django's permission tables are never asked (they cost two queries per page where a rule said no)."""
    from django.contrib.auth.models import Permission

    conseiller.user_permissions.add(Permission.objects.get(codename="delete_structure"))
    conseiller = type(conseiller).objects.get(pk=conseiller.pk)

    with django_assert_num_queries(0):
        assert not conseiller.has_perm("structures.delete_structure")
        assert not conseiller.has_perm("comptes.manage_users")


# --- Templates keep to the policy ---------------------------------------------------------------


TEMPLATE_FILES = sorted((BASE_DIR / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_templates_have_no_inline_script_style_or_handler(path):
    text = path.read_text()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE), "on…= handler"
    assert not re.search(r"\sstyle\s*=", text, re.IGNORECASE), "inline style attribute"
    assert "javascript:" not in text


# --- Uploaded files ------------------------------------------------------------------------------


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def upload_error(file, **kwargs):
    from django.core.exceptions import ValidationError

    from core.uploads import validate_upload

    with pytest.raises(ValidationError) as caught:
        validate_upload(file, **{"extensions": ["csv", "xlsx"], "max_bytes": 1024 * 1024, **kwargs})
    return caught.value.messages


def test_upload_accepts_an_allowed_file_and_rewinds_it():
    from core.uploads import validate_upload

    file = upload("Structures.CSV", b"nom;commune\nCentre social;Lyon\n")

    assert validate_upload(file, extensions=["csv", "xlsx"], max_bytes=1024) is file
    assert file.read(3) == b"nom"


def test_upload_refuses_another_type_in_french():
    assert upload_error(upload("programme.exe", b"MZ...")) == [
        "Ce type de fichier n'est pas accepté (.exe) : choisissez un fichier .csv, .xlsx."
    ]
    assert upload_error(upload("sans-extension", b"a")) == [
        "Ce type de fichier n'est pas accepté (sans extension) : choisissez un fichier .csv, .xlsx."
    ]


def test_upload_refuses_a_file_too_large_in_french():
    assert upload_error(upload("gros.csv", b"a" * (1024 * 1024 + 1))) == [
        "Le fichier est trop volumineux (1,1 Mo) : la taille maximale est de 1 Mo."
    ]
    assert upload_error(upload("gros.csv", b"a" * 3000), max_bytes=2048) == [
        "Le fichier est trop volumineux (3 Ko) : la taille maximale est de 2 Ko."
    ]


def test_upload_refuses_an_empty_file():
    assert upload_error(upload("vide.csv", b"")) == ["Le fichier est vide."]


def test_upload_refuses_a_renamed_file():
    assert upload_error(upload("tableau.xlsx", b"nom;commune\n")) == [
        "Le contenu du fichier ne correspond pas à son extension .xlsx : vérifiez qu'il n'a pas été renommé."
    ]
    assert upload_error(upload("donnees.csv", b"PK\x03\x04\x00\x00binary")) == [
        "Ce fichier .csv n'est pas un fichier texte : enregistrez-le au format CSV."
    ]


def test_upload_accepts_a_real_xlsx():
    import io

    from openpyxl import Workbook

    from core.uploads import validate_upload

    buffer = io.BytesIO()
    Workbook().save(buffer)

    assert validate_upload(upload("structures.xlsx", buffer.getvalue()), extensions=["xlsx"], max_bytes=1024 * 1024)
