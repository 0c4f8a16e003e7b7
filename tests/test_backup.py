"""``make backup`` and ``make restore`` (issue 20): a backup taken while the
site runs, restored into a fresh directory, starts a site that shows the
case and its attachment byte for byte (scripts/backup.py)."""

from pathlib import Path

import base64
import os
import pytest
import requests
import secrets
import signal
import socket
import subprocess
import sys
import time


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN = ("admin", "admin")
JSON = {"Accept": "application/json"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(var, port):
    env = dict(os.environ, VAR_DIR=str(var), HTTP_PORT=str(port))
    env.pop("SMTP_HOST", None)
    env.pop("ADMIN_PASSWORD", None)
    return env


def configure(var, port):
    """Render the instance configuration for ``var`` (as ``make start``)."""
    subprocess.run(
        [sys.executable, "scripts/make_instance.py", "--var", var, "--port", str(port)],
        cwd=ROOT,
        env=environment(var, port),
        check=True,
        timeout=120,
    )


def serve(var, port):
    """Start the instance of ``var``; wait until its site answers."""
    server = subprocess.Popen(
        [BIN / "runwsgi", var / "instance" / "etc" / "zope.ini"],
        cwd=ROOT,
        env=environment(var, port),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}/Plone"
    # Generous: a busy machine starts Zope slowly (no short timeouts).
    deadline = time.monotonic() + 600
    while True:
        try:
            if requests.get(url, timeout=60).status_code == 200:
                return server, url
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            stop(server)
            raise AssertionError("the instance did not answer in 600 s")
        time.sleep(1)


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=120)


def backup_script(*args, env):
    return subprocess.run(
        [sys.executable, "scripts/backup.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def notify(url, text, attachment):
    """A notification by student1 with ``attachment``; its address."""
    response = requests.post(
        url + "/@notify",
        auth=("student1", "demodemo"),
        headers=JSON,
        json={
            "title": text,
            "category": "bullying",
            "event_description": text,
            "attachments": [
                {
                    "filename": "evidence.bin",
                    "content-type": "application/octet-stream",
                    "data": base64.b64encode(attachment).decode(),
                    "encoding": "base64",
                }
            ],
        },
        timeout=120,
    )
    assert response.status_code == 201, response.text
    return response.json()


def attachment_of(case_url):
    """The bytes of the one file of the case at ``case_url`` (as admin)."""
    case = requests.get(case_url, auth=ADMIN, headers=JSON, timeout=60)
    assert case.status_code == 200, case.text
    (document,) = [i for i in case.json()["items"] if i["@type"] == "CaseDocument"]
    data = requests.get(document["@id"], auth=ADMIN, headers=JSON, timeout=60).json()
    download = requests.get(data["file"]["download"], auth=ADMIN, timeout=60)
    assert download.status_code == 200
    return case.json(), download.content


@pytest.mark.slow  # a real instance, twice
def test_backup_while_running_restores_every_case_and_file(tmp_path):
    var, fresh, backups = tmp_path / "var", tmp_path / "fresh", tmp_path / "backups"
    port = free_port()
    configure(var, port)
    subprocess.run(
        [
            BIN / "zconsole",
            "run",
            var / "instance/etc/zope.conf",
            "scripts/create_site.py",
        ],
        cwd=ROOT,
        env=environment(var, port),
        check=True,
        timeout=600,
        capture_output=True,
    )
    attachment = secrets.token_bytes(300_000)  # a blob, not inline data
    server, url = serve(var, port)
    try:
        kept = notify(url, "Kept by the backup", attachment)
        # while the site runs (and is written to right after)
        made = backup_script(
            "backup", "--var", var, "--backup-dir", backups, env=environment(var, port)
        )
        assert made.returncode == 0, made.stderr
        later = notify(url, "After the backup", b"later")
        assert "backup written to" in made.stdout
    finally:
        stop(server)
    (backup,) = [p for p in backups.iterdir() if (p / "backup.json").exists()]
    assert list((backup / "filestorage").glob("*.fsz"))
    assert list((backup / "blobstorage").rglob("*.blob"))

    # into a fresh directory, from the newest backup
    restored = backup_script(
        "restore", "--var", fresh, "--backup-dir", backups, env=environment(fresh, port)
    )
    assert restored.returncode == 0, restored.stderr
    second = free_port()
    configure(fresh, second)
    server, fresh_url = serve(fresh, second)
    try:
        case_url = kept["@id"].replace(url, fresh_url)
        case, data = attachment_of(case_url)
        assert case["case_number"] == kept["case_number"]
        assert case["event_description"] == "Kept by the backup"
        assert data == attachment
        # what came after the backup is not in it
        found = requests.get(
            fresh_url + "/@search",
            params={
                "portal_type": "NotificationCase",
                "metadata_fields": "case_number",
            },
            auth=ADMIN,
            headers=JSON,
            timeout=60,
        ).json()["items"]
        numbers = {item["case_number"] for item in found}
        assert kept["case_number"] in numbers
        assert later["case_number"] not in numbers
    finally:
        stop(server)


def open_database(var):
    """A FileStorage with blobs in ``var``, as the site keeps it."""
    import ZODB
    import ZODB.FileStorage

    (var / "filestorage").mkdir(parents=True, exist_ok=True)
    storage = ZODB.FileStorage.FileStorage(
        str(var / "filestorage" / "Data.fs"), blob_dir=str(var / "blobstorage")
    )
    return ZODB.DB(storage)


def test_restore_waits_for_the_site_and_keeps_what_was_there(tmp_path):
    """Without Zope: a database in use is not restored over; a restore
    moves the database that was there aside, never deletes it."""
    from ZODB.blob import Blob

    import transaction

    var, backups = tmp_path / "var", tmp_path / "backups"
    env = dict(os.environ)
    nothing = backup_script("restore", "--var", var, "--backup-dir", backups, env=env)
    assert nothing.returncode == 1 and "no backup" in nothing.stderr
    db = open_database(var)
    try:
        with db.transaction() as connection:
            blob = connection.root()["blob"] = Blob()
            with blob.open("w") as file:
                file.write(b"before")
        made = backup_script("backup", "--var", var, "--backup-dir", backups, env=env)
        assert made.returncode == 0, made.stderr
        with (
            db.transaction() as connection,
            connection.root()["blob"].open("w") as file,
        ):
            file.write(b"after")
        # the database is open (the site runs): no restore over it
        refused = backup_script(
            "restore", "--var", var, "--backup-dir", backups, env=env
        )
        assert refused.returncode == 1 and "stop it first" in refused.stderr
    finally:
        db.close()
        transaction.abort()
    restored = backup_script("restore", "--var", var, "--backup-dir", backups, env=env)
    assert restored.returncode == 0, restored.stderr
    (replaced,) = var.glob("replaced-*")
    assert (replaced / "filestorage" / "Data.fs").exists()
    db = open_database(var)
    try:
        with (
            db.transaction() as connection,
            connection.root()["blob"].open() as file,
        ):
            assert file.read() == b"before"
    finally:
        db.close()


def postgres_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=30):
            return True
    except OSError:
        return False


@pytest.mark.slow  # PostgreSQL
@pytest.mark.skipif(not postgres_reachable(), reason="no PostgreSQL on 127.0.0.1")
def test_relstorage_backup_is_a_dump_of_the_database(tmp_path):
    """``STORAGE=relstorage``: pg_dump and pg_restore of the database that
    holds the objects and the blobs (here a table stands for them)."""
    database = f"casemgmt_backup_{secrets.token_hex(4)}"
    psql = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tc"]
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", database],
        check=True,
        timeout=120,
    )
    try:
        subprocess.run(
            [*psql, "create table t (x text); insert into t values ('before')"],
            check=True,
            timeout=120,
        )
        env = dict(os.environ, STORAGE="relstorage", PG_DATABASE=database)
        made = backup_script("backup", "--var", tmp_path, env=env)
        assert made.returncode == 0, made.stderr
        subprocess.run([*psql, "update t set x = 'after'"], check=True, timeout=120)
        restored = backup_script("restore", "--var", tmp_path, env=env)
        assert restored.returncode == 0, restored.stderr
        value = subprocess.run(
            [*psql, "select x from t"],
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        ).stdout
        assert value.strip() == "before"
    finally:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", database], timeout=120
        )
