"""Render the Zope instance configuration from the templates in instance/.

Usage: python scripts/make_instance.py [--port 8080] [--host localhost]

Writes var/instance/etc/{zope.conf,zope.ini,site.zcml}. Run on every
``make start`` (it is cheap), so HTTP_PORT and the checkout's location are
always current; the database in var/filestorage is never touched.
No file is fetched from anywhere: everything comes from this repository.

With ``--storage relstorage`` the add-on's rate limits are counted in the
same PostgreSQL database, so that every instance shares them; clients are
told apart there by a keyed hash, whose key every instance must share too:
``--rate-limit-key`` (or RATE_LIMIT_KEY), else one made once and kept in
var/rate-limit.key of this checkout (``make start-relstorage`` instances
share it; give instances on other machines the same key).
"""

from pathlib import Path

import argparse
import os
import secrets


ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "instance"


def render(template, values):
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def rate_limit_key(given):
    """The key of the rate limits' client hashes: ``given``, else the one
    kept in var/rate-limit.key (made on first use, readable by its owner
    only)."""
    if given:
        return given
    path = ROOT / "var" / "rate-limit.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two instances made at once keep the first one's key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(secrets.token_hex(32) + "\n")
    return path.read_text(encoding="ascii").strip()


def product_config(args):
    """The add-on's ``<product-config>`` section: for RelStorage the
    PostgreSQL database (the same as the storage's) and key of the rate
    limits; none for FileStorage, whose single process counts in memory."""
    if args.storage != "relstorage":
        return ""
    dsn = (
        f"dbname='{args.pg_database}' host='{args.pg_host}' "
        f"port='{args.pg_port}' user='{args.pg_user}'"
    )
    return "\n".join([
        "<product-config ntnu.casemgmt>",
        "  # rate limits (ntnu.casemgmt.core.ratelimit), shared by every instance",
        f"  rate_limit_dsn {dsn}",
        f"  rate_limit_key {rate_limit_key(args.rate_limit_key)}",
        "</product-config>",
        "",
    ])


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
    parser.add_argument(
        "--pg-database", default=os.environ.get("PG_DATABASE", "casemgmt")
    )
    parser.add_argument("--pg-host", default=os.environ.get("PG_HOST", "127.0.0.1"))
    parser.add_argument("--pg-port", default=os.environ.get("PG_PORT", "5432"))
    parser.add_argument("--pg-user", default=os.environ.get("PG_USER", "postgres"))
    parser.add_argument(
        "--rate-limit-key",
        default=os.environ.get("RATE_LIMIT_KEY", ""),
        help=(
            "key of the rate limits' client hashes, the same for every "
            "instance (relstorage)"
        ),
    )
    args = parser.parse_args(argv)

    var = Path(args.var).resolve()
    instance = var / "instance"
    etc = instance / "etc"
    for directory in (
        etc,
        var / "log",
        var / "mail",
        var / "filestorage",
        var / "cache",
    ):
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
    values["product_config"] = product_config(args)
    (etc / "zope.conf").write_text(render("zope.conf.in", values), encoding="utf-8")
    (etc / "zope.ini").write_text(render("zope.ini.in", values), encoding="utf-8")
    (etc / "site.zcml").write_text(
        (TEMPLATES / "site.zcml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    print(f"instance configuration written to {etc}")


if __name__ == "__main__":
    main()
