"""Back up and restore the database of ``make start`` (``make backup``,
``make restore``).

Usage::

    python scripts/backup.py backup  [--var var] [--backup-dir var/backup]
    python scripts/backup.py restore [--var var] [--backup-dir var/backup]
                                     [--backup <one backup's directory>]

FileStorage (the default): ``backup`` has repozo take a full backup of
``<var>/filestorage/Data.fs`` into ``<backup dir>/<UTC time>/filestorage``
and then copies the blob files into ``.../blobstorage``. Both work while
the site runs: repozo copies Data.fs up to its last committed transaction,
and a committed blob file never changes and is removed only by a pack, so
every blob that backup refers to is there when the blobs are copied after
it (do not pack while a backup runs). ``restore`` takes the newest backup
(or ``--backup``), has repozo rebuild Data.fs into ``<var>/filestorage``
and copies the blobs into ``<var>/blobstorage``; a database already there
is moved aside into ``<var>/replaced-<time>/``, never deleted. The site
must be stopped for a restore (its lock on Data.fs is checked).

RelStorage (``--storage relstorage``, PostgreSQL; blobs are in the
database with ``shared-blob-dir false``): ``backup`` is ``pg_dump -Fc`` of
the database (one consistent snapshot, the blobs and the rate-limit tables
included), ``restore`` is ``pg_restore --clean`` into it. The instances'
blob caches need no backup.
"""

from datetime import datetime
from datetime import UTC
from pathlib import Path

import argparse
import json
import os
import shutil
import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REPOZO = str(BIN / "repozo")
#: What a backup directory holds besides the data: when, what, how much.
MANIFEST = "backup.json"


class BackupError(Exception):
    """What went wrong, for the person at the terminal."""


def blob_files(directory):
    """``{relative path: size}`` of the committed blob files under
    ``directory`` (not its ``tmp``)."""
    directory = Path(directory)
    if not directory.is_dir():
        return {}
    return {
        str(path.relative_to(directory)): path.stat().st_size
        for path in directory.rglob("*")
        if path.is_file() and path.relative_to(directory).parts[0] != "tmp"
    }


def copy_blobs(source, target):
    """Copy the blob directory ``source`` to ``target`` (which must not
    exist), without the files being written now (``tmp``)."""
    if not Path(source).is_dir():
        Path(target).mkdir(parents=True, mode=0o700)
        return
    shutil.copytree(source, target, ignore=_ignore_tmp(Path(source)))


def _ignore_tmp(top):
    def ignore(directory, names):
        return {"tmp"} & set(names) if Path(directory) == top else set()

    return ignore


def new_backup_dir(root):
    """A new directory ``<root>/<UTC time>`` (a suffix if taken)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for suffix in ["", *(f"-{n}" for n in range(1, 100))]:
        directory = root / f"{stamp}{suffix}"
        try:
            directory.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return directory
    raise BackupError(f"no free backup directory under {root}")


def latest_backup(root):
    """The newest complete backup under ``root`` (one with a manifest)."""
    root = Path(root)
    found = sorted(
        path.parent for path in root.glob(f"*/{MANIFEST}") if path.parent.is_dir()
    )
    if not found:
        raise BackupError(f"no backup in {root}")
    return found[-1]


def run(command, **kwargs):
    """Run ``command``; a failure becomes a BackupError with its output."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise BackupError(
            f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
            f"{result.stdout}{result.stderr}"
        )
    return result


# -- FileStorage ---------------------------------------------------------------


def backup_filestorage(var, root):
    """Back up ``<var>``'s Data.fs and blobs into a new directory under
    ``root``; return that directory."""
    data_fs = Path(var) / "filestorage" / "Data.fs"
    if not data_fs.exists():
        raise BackupError(f"no database at {data_fs}: nothing to back up")
    target = new_backup_dir(root)
    repository = target / "filestorage"
    repository.mkdir()
    run([REPOZO, "--backup", "--full", "--gzip", "-f", data_fs, "-r", repository])
    run([REPOZO, "--verify", "-r", repository])
    copy_blobs(Path(var) / "blobstorage", target / "blobstorage")
    blobs = blob_files(target / "blobstorage")
    manifest = {
        "created": datetime.now(UTC).isoformat(),
        "storage": "filestorage",
        "source": str(Path(var).resolve()),
        "blob_files": len(blobs),
        "blob_bytes": sum(blobs.values()),
    }
    # written last: a backup without it is incomplete and never restored
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return target


def site_is_running(var):
    """Does a process hold the lock of ``<var>``'s Data.fs?"""
    import zc.lockfile

    lock_path = Path(var) / "filestorage" / "Data.fs.lock"
    if not lock_path.exists():
        return False
    try:
        lock = zc.lockfile.LockFile(str(lock_path))
    except zc.lockfile.LockError:
        return True
    lock.close()
    return False


def restore_filestorage(var, source):
    """Restore the backup in ``source`` into ``<var>``; what was there is
    moved into ``<var>/replaced-<time>``. Returns that place or None."""
    var = Path(var)
    if not (source / MANIFEST).exists():
        raise BackupError(f"{source} is no complete backup (no {MANIFEST})")
    if site_is_running(var):
        raise BackupError(f"the site on {var} is running: stop it first")
    replaced = None
    present = [var / name for name in ("filestorage", "blobstorage")]
    if any(path.exists() for path in present):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        replaced = var / f"replaced-{stamp}"
        replaced.mkdir(parents=True)
        for path in present:
            if path.exists():
                path.rename(replaced / path.name)
    (var / "filestorage").mkdir(parents=True)
    run([
        REPOZO,
        "--recover",
        "-r",
        source / "filestorage",
        "-o",
        var / "filestorage" / "Data.fs",
    ])
    copy_blobs(source / "blobstorage", var / "blobstorage")
    manifest = json.loads((source / MANIFEST).read_text())
    restored = blob_files(var / "blobstorage")
    if len(restored) != manifest["blob_files"]:
        raise BackupError(
            f"{len(restored)} blob files restored, the backup has "
            f"{manifest['blob_files']}"
        )
    return replaced


# -- RelStorage (PostgreSQL) ---------------------------------------------------


def _pg_args(args):
    return ["-h", args.pg_host, "-p", str(args.pg_port), "-U", args.pg_user]


def backup_relstorage(args):
    target = new_backup_dir(args.backup_dir)
    dump = target / f"{args.pg_database}.dump"
    run(["pg_dump", *_pg_args(args), "-Fc", "-f", dump, args.pg_database])
    manifest = {
        "created": datetime.now(UTC).isoformat(),
        "storage": "relstorage",
        "database": args.pg_database,
        "dump": dump.name,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return target


def restore_relstorage(args, source):
    manifest = json.loads((source / MANIFEST).read_text())
    run([
        "pg_restore",
        *_pg_args(args),
        "--clean",
        "--if-exists",
        "--no-owner",
        "-d",
        args.pg_database,
        source / manifest["dump"],
    ])


# -- the command ---------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("backup", "restore"))
    parser.add_argument("--var", default=os.environ.get("VAR_DIR", str(ROOT / "var")))
    parser.add_argument(
        "--backup-dir",
        default=os.environ.get("BACKUP_DIR", ""),
        help="where the backups are, one directory each (default: <var>/backup)",
    )
    parser.add_argument(
        "--backup",
        default=os.environ.get("BACKUP", ""),
        help="restore: this backup directory (default: the newest)",
    )
    parser.add_argument(
        "--storage",
        default=os.environ.get("STORAGE", "filestorage"),
        choices=("filestorage", "relstorage"),
    )
    parser.add_argument(
        "--pg-database", default=os.environ.get("PG_DATABASE", "casemgmt")
    )
    parser.add_argument("--pg-host", default=os.environ.get("PG_HOST", "127.0.0.1"))
    parser.add_argument("--pg-port", default=os.environ.get("PG_PORT", "5432"))
    parser.add_argument("--pg-user", default=os.environ.get("PG_USER", "postgres"))
    args = parser.parse_args(argv)
    args.backup_dir = args.backup_dir or str(Path(args.var) / "backup")
    try:
        if args.action == "backup":
            target = (
                backup_relstorage(args)
                if args.storage == "relstorage"
                else backup_filestorage(args.var, args.backup_dir)
            )
            print(f"backup written to {target}")
            return 0
        source = Path(args.backup) if args.backup else latest_backup(args.backup_dir)
        if args.storage == "relstorage":
            restore_relstorage(args, source)
            print(f"database {args.pg_database} restored from {source}")
            return 0
        replaced = restore_filestorage(args.var, source)
        print(f"restored {source} into {Path(args.var).resolve()}")
        if replaced is not None:
            print(f"the database that was there is kept in {replaced}")
        return 0
    except BackupError as exc:
        print(f"{args.action}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
