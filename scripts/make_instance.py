"""Render the Zope instance configuration from the templates in instance/.

Usage: python scripts/make_instance.py [--port 8080] [--host localhost]

Writes var/instance/etc/{zope.conf,zope.ini,site.zcml}. Run on every
``make start`` (it is cheap), so HTTP_PORT and the checkout's location are
always current; the database in var/filestorage is never touched.
No file is fetched from anywhere: everything comes from this repository.
"""

from pathlib import Path

import argparse
import os


ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "instance"


def render(template, values):
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", default=os.environ.get("HTTP_PORT", "8080"))
    parser.add_argument("--host", default=os.environ.get("HTTP_HOST", "localhost"))
    parser.add_argument("--var", default=os.environ.get("VAR_DIR", str(ROOT / "var")))
    parser.add_argument(
        "--storage",
        default=os.environ.get("STORAGE", "filestorage"),
        help="name of instance/storage-<name>.in to use",
    )
    parser.add_argument("--debug", action="store_true")
    parser.add_argument("--pg-database", default=os.environ.get("PG_DATABASE", "casemgmt"))
    parser.add_argument("--pg-host", default=os.environ.get("PG_HOST", "127.0.0.1"))
    parser.add_argument("--pg-port", default=os.environ.get("PG_PORT", "5432"))
    parser.add_argument("--pg-user", default=os.environ.get("PG_USER", "postgres"))
    args = parser.parse_args(argv)

    var = Path(args.var).resolve()
    instance = var / "instance"
    etc = instance / "etc"
    for directory in (etc, var / "log", var / "mail", var / "filestorage", var / "cache"):
        directory.mkdir(parents=True, exist_ok=True)
    values = {
        "instance": instance,
        "var": var,
        "host": args.host,
        "port": args.port,
        "debug_mode": "on" if args.debug else "off",
        "pg_database": args.pg_database,
        "pg_host": args.pg_host,
        "pg_port": args.pg_port,
        "pg_user": args.pg_user,
        "storage_import": "%import relstorage" if args.storage == "relstorage" else "",
    }
    values["storage"] = render(f"storage-{args.storage}.in", values).strip()
    (etc / "zope.conf").write_text(render("zope.conf.in", values), encoding="utf-8")
    (etc / "zope.ini").write_text(render("zope.ini.in", values), encoding="utf-8")
    (etc / "site.zcml").write_text(
        (TEMPLATES / "site.zcml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    print(f"instance configuration written to {etc}")


if __name__ == "__main__":
    main()
