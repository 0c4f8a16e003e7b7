"""What ``make start`` does, end to end: render the instance from the
repository's templates, create the site once, serve it over HTTP."""

from pathlib import Path

import os
import pytest
import requests
import signal
import socket
import subprocess
import sys
import time


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    port = free_port()
    env = dict(os.environ, VAR_DIR=str(var), HTTP_PORT=str(port))
    env.pop("SMTP_HOST", None)
    subprocess.run(
        [
            sys.executable,
            "scripts/make_instance.py",
            "--var",
            str(var),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )
    conf = var / "instance" / "etc" / "zope.conf"
    first = subprocess.run(
        [BIN / "zconsole", "run", conf, "scripts/create_site.py"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
        capture_output=True,
        text=True,
    )
    # as if the database were made by version 1000 of the profile
    older = var / "older.py"
    older.write_text(
        "from zope.component.hooks import setSite\n"
        "import transaction\n"
        "site = app['Plone']\n"
        "setSite(site)\n"
        "site.portal_setup.setLastVersionForProfile('ntnu.casemgmt:default', '1000')\n"
        "site.portal_registry['plone.navigation_depth'] = 3\n"
        "transaction.commit()\n"
    )
    subprocess.run(
        [BIN / "zconsole", "run", conf, older],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    second = subprocess.run(
        [BIN / "zconsole", "run", conf, "scripts/create_site.py"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
        capture_output=True,
        text=True,
    )
    server = subprocess.Popen(
        [BIN / "runwsgi", var / "instance" / "etc" / "zope.ini"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}/Plone"
    try:
        # Generous: a busy machine starts Zope slowly (no short timeouts).
        deadline = time.monotonic() + 600
        while True:
            try:
                if requests.get(url, timeout=60).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise AssertionError("the instance did not answer in 600 s")
            time.sleep(1)
        yield {"url": url, "var": var, "first": first.stdout, "second": second.stdout}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=120)


def test_site_created_once(instance):
    assert "site /Plone created" in instance["first"]
    assert "kept as it is" in instance["second"]


def test_second_start_runs_pending_upgrades(instance):
    assert "upgraded" not in instance["first"]
    assert "ntnu.casemgmt upgraded to profile version 1009" in instance["second"]
    depth = requests.get(
        instance["url"] + "/@registry/plone.navigation_depth",
        auth=("admin", "admin"),
        headers={"Accept": "application/json"},
        timeout=30,
    )
    assert depth.json() == 2


def test_site_answers(instance):
    response = requests.get(instance["url"], timeout=30)
    assert response.status_code == 200
    assert "Plone" in response.text


def test_admin_and_demo_users_log_in(instance):
    admin = requests.get(
        instance["url"] + "/@users/student1",
        auth=("admin", "admin"),
        headers={"Accept": "application/json"},
        timeout=30,
    )
    assert admin.status_code == 200
    assert admin.json()["email"] == "student1@example.org"
    student = requests.get(
        instance["url"] + "/faculties/ie",
        auth=("student1", "demodemo"),
        headers={"Accept": "application/json"},
        timeout=30,
    )
    assert student.status_code == 200
    assert student.json()["code"] == "ie"


def test_student_reports_and_mail_dir_exists(instance):
    response = requests.post(
        instance["url"] + "/@report-deviation",
        auth=("student1", "demodemo"),
        headers={"Accept": "application/json"},
        json={
            "title": "Projector broken for weeks",
            "category": "learning_environment_physical",
            "event_description": "Room R1 has had no projector since September.",
            "prior_attempts": "Reported to the building service desk.",
        },
        timeout=30,
    )
    assert response.status_code == 201, response.text
    number = response.json()["case_number"]
    assert number.startswith("AVVIK-")
    # development mail: .eml files in var/mail
    receipts = [
        p
        for p in (instance["var"] / "mail").glob("*.eml")
        if "student1@example.org" in p.read_text(errors="replace")
        and number in p.read_text(errors="replace")
    ]
    assert len(receipts) == 1


def test_access_log_keeps_no_client_address(instance):
    requests.post(
        instance["url"] + "/@notify",
        headers={"Accept": "application/json"},
        json={"title": "t", "category": "bullying", "event_description": "d"},
        timeout=30,
    )
    log = (instance["var"] / "log" / "access.log").read_text()
    assert "notify HTTP" in log
    assert "127.0.0.1" not in log and "::1" not in log
