"""Scale-out: two Zope instances on one RelStorage/PostgreSQL database.

Skipped when no PostgreSQL answers on 127.0.0.1:5432, except under
CI=true, where it must run.
"""

from helpers import Client
from helpers import DEVIATION
from pathlib import Path

import contextlib
import os
import pytest
import requests
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = ("127.0.0.1", 5432)

pytestmark = pytest.mark.slow


def postgres_reachable():
    try:
        with socket.create_connection(PG, timeout=30):
            return True
    except OSError:
        return False


if not postgres_reachable():
    if os.environ.get("CI") == "true":
        raise RuntimeError(
            "CI must run the RelStorage tests, but no PostgreSQL answers on 127.0.0.1:5432"
        )
    pytest.skip("no PostgreSQL on 127.0.0.1:5432", allow_module_level=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(sql):
    subprocess.run(
        [
            "psql",
            "-h",
            PG[0],
            "-p",
            str(PG[1]),
            "-U",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    database = f"casemgmt_test_{uuid.uuid4().hex[:8]}"
    psql(f"CREATE DATABASE {database}")
    servers = []
    urls = []
    try:
        for name in ("a", "b"):
            var = tmp_path_factory.mktemp(f"rs-{name}")
            port = free_port()
            env = dict(os.environ, CASEMGMT_MAIL_DIR=str(var / "mail"))
            env.pop("SMTP_HOST", None)
            subprocess.run(
                [
                    sys.executable,
                    "scripts/make_instance.py",
                    "--storage",
                    "relstorage",
                    "--pg-database",
                    database,
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
            conf = var / "instance" / "etc"
            if name == "a":
                subprocess.run(
                    [
                        BIN / "zconsole",
                        "run",
                        conf / "zope.conf",
                        "scripts/create_site.py",
                    ],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    timeout=600,
                    capture_output=True,
                )
            servers.append(
                subprocess.Popen(
                    [BIN / "runwsgi", conf / "zope.ini"],
                    cwd=ROOT,
                    env=env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://localhost:{port}/Plone")
        for url in urls:
            deadline = time.monotonic() + 120
            while True:
                with contextlib.suppress(requests.RequestException):
                    if Client(url).get("").status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise AssertionError(f"{url} did not answer in 120 s")
                time.sleep(1)
        yield urls
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {database}")


def test_create_on_one_transition_on_the_other(instances):
    a, b = instances
    created = Client(a, "student1").post("@report-deviation", DEVIATION)
    assert created.status_code == 201, created.text
    path = created.json()["@id"].split("/Plone/", 1)[1]
    assert Client(b, "reception-ie").get(path).status_code == 200
    approved = Client(b, "reception-ie").post(path + "/@workflow/approve", {})
    assert approved.status_code == 200, approved.text
    for url in (a, b):
        assert (
            Client(url, "reception-ie").get(path).json()["review_state"]
            == "in_progress"
        )


def test_same_transition_at_the_same_moment(instances):
    a, b = instances
    path = (
        Client(a, "student1")
        .post("@report-deviation", DEVIATION)
        .json()["@id"]
        .split("/Plone/", 1)[1]
    )
    barrier = threading.Barrier(2)
    answers = {}

    def approve(url):
        client = Client(url, "reception-ie")
        barrier.wait(timeout=30)
        answers[url] = client.post(path + "/@workflow/approve", {"comment": url})

    threads = [threading.Thread(target=approve, args=(url,)) for url in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    codes = sorted(response.status_code for response in answers.values())
    assert codes == [200, 400], {
        u: (r.status_code, r.text[:200]) for u, r in answers.items()
    }
    loser = next(r for r in answers.values() if r.status_code == 400)
    assert "error" in loser.json()
    history = Client(a, "reception-ie").get(path + "/@history").json()
    assert [entry.get("action") for entry in history].count("approve") == 1


def test_case_numbers_stay_unique_across_instances(instances):
    numbers = []
    lock = threading.Lock()

    def report(url):
        client = Client(url, "student1")
        for _ in range(5):
            response = client.post("@report-deviation", DEVIATION)
            assert response.status_code == 201, response.text
            with lock:
                numbers.append(response.json()["case_number"])

    threads = [
        threading.Thread(target=report, args=(url,))
        for url in instances
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(numbers) == 20
    assert len(set(numbers)) == 20
