"""``make bench``: ntnu.casemgmt side by side with plain Plone.

For each N (BENCH_SIZES, default "1000 10000 100000") a database with N
cases and N plain Documents is built once in var/bench/<N>/ (reused later),
one Zope process serves it, and the figures are taken over HTTP on loopback.
Prints a table and writes var/bench/results.json. BENCH_DIR moves var/bench;
BENCH_REPEAT sets the calls per figure (the lists, HTML and JSON, take three
times as many, in turns with their plain equivalents). Each N also gets a
CPU check, the time of a fixed pure-Python loop, to read the figures by.
``bench/run.py --table`` prints the last run's table again, with ``--rst``
as the README's list-table. A benchmark, not a test: it judges nothing, the
table shows the figures and the ratios.
"""

from pathlib import Path

import json
import os
import platform
import requests
import signal
import socket
import statistics
import subprocess
import sys
import time


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH = Path(os.environ.get("BENCH_DIR", ROOT / "var" / "bench")).resolve()
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
DEVIATION = {
    "title": "Bench case",
    "category": "assessment",
    "event_description": "What happened.",
    "prior_attempts": "Asked.",
    "course_code": "TDT4100",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session(user, password="demodemo"):
    s = requests.Session()
    s.auth = (user, password)
    s.headers["Accept"] = "application/json"
    return s


def percentiles(times):
    """p50 and p95 in ms of a list of call times."""
    times = sorted(times)
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
    }


def timed(call, repeat=REPEAT):
    """p50 and p95 in ms of ``repeat`` calls (after one warm-up call)."""
    return timed_together({"call": call}, repeat)["call"]


def timed_together(calls, repeat=REPEAT):
    """p50 and p95 in ms of each of ``calls`` (name: call), taken in turns,
    one call of each per round: a VM that speeds up or slows down during the
    run then weighs on all of them alike, so their ratios stay fair."""
    times = {name: [] for name in calls}
    for call in calls.values():
        call()  # warm-up
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.perf_counter()
            response = call()
            times[name].append((time.perf_counter() - start) * 1000)
            if response.status_code >= 400:
                raise RuntimeError(
                    f"{name}: {response.status_code} {response.text[:300]}"
                )
    return {name: percentiles(values) for name, values in times.items()}


def cpu_check():
    """Median ms of a fixed pure-Python loop: how fast this machine's CPU
    is during the run. A virtual machine's speed varies from one hour to
    the next; the figures of two runs compare only beside this one."""
    times = []
    for _ in range(15):
        start = time.perf_counter()
        total = 0
        for i in range(300000):
            total += i * i
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def zeo_client_conf(var, address):
    """The instance's zope.conf with its FileStorage served by ZEO instead."""
    conf = (var / "instance" / "etc" / "zope.conf").read_text()
    start, end = (
        conf.index("<filestorage>"),
        conf.index("</filestorage>") + len("</filestorage>"),
    )
    client = (
        "%import ZEO\n"
        + conf[:start]
        + f"<zeoclient>\n    server {address}\n    blob-dir {var}/blobstorage\n"
        + "    shared-blob-dir on\n  </zeoclient>"
        + conf[end:]
    )
    path = var / "instance" / "etc" / "zope-zeo.conf"
    path.write_text(client)
    return path


def build_parts(var, n):
    """Build the sites, then the Documents and the cases in parallel.

    Two ZEO clients of the one Data.fs, one core each; the ZEO server goes
    away afterwards and the benchmark serves the FileStorage directly.
    """
    address = f"127.0.0.1:{free_port()}"
    (var / "zeo.conf").write_text(
        f"<zeo>\n  address {address}\n</zeo>\n"
        f"<filestorage 1>\n  path {var}/filestorage/Data.fs\n"
        f"  blob-dir {var}/blobstorage\n</filestorage>\n"
    )
    zeo = subprocess.Popen(
        [BIN / "runzeo", "-C", var / "zeo.conf"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        host, port = address.split(":")
        for _ in range(60):
            try:
                socket.create_connection((host, int(port)), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        conf = zeo_client_conf(var, address)
        env = dict(os.environ, BENCH_N=str(n), CASEMGMT_MAIL_DIR=str(var / "mail"))

        def part(name):
            return subprocess.Popen(
                [BIN / "zconsole", "run", conf, "bench/build.py"],
                cwd=ROOT,
                env=dict(env, BENCH_PART=name),
            )

        if part("sites").wait():
            raise SystemExit("building the sites failed")
        parts = [part("plain"), part("cases")]
        if any(p.wait() for p in parts):
            raise SystemExit("building failed; run again to resume")
    finally:
        os.killpg(zeo.pid, signal.SIGTERM)
        zeo.wait(timeout=60)


def pack(var):
    """Pack the built database, as a site's weekly maintenance would: the
    bulk load leaves old revisions behind that only cost disk reads."""
    code = (
        "import sys, time; from ZODB.FileStorage import FileStorage; "
        "from ZODB.serialize import referencesf; "
        "s = FileStorage(sys.argv[1], blob_dir=sys.argv[2]); "
        "s.pack(time.time(), referencesf); s.close()"
    )
    subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            var / "filestorage" / "Data.fs",
            var / "blobstorage",
        ],
        check=True,
    )
    (var / "filestorage" / "Data.fs.old").unlink(missing_ok=True)


def build(n):
    var = BENCH / str(n)
    marker = var / "built"
    port = free_port()
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
        check=True,
        capture_output=True,
    )
    if not marker.exists():
        print(f"building N={n} (once; reused from {var})", flush=True)
        start = time.perf_counter()
        build_parts(var, n)
        pack(var)
        marker.write_text(str(n))
        print(f"built N={n} in {time.perf_counter() - start:.0f} s", flush=True)
    env = dict(
        os.environ,
        BENCH_N=str(n),
        BENCH_PART="prepare",
        CASEMGMT_MAIL_DIR=str(var / "mail"),
    )
    subprocess.run(
        [
            BIN / "zconsole",
            "run",
            var / "instance" / "etc" / "zope.conf",
            "bench/build.py",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return var, port


def measure(n):
    var, port = build(n)
    env = dict(os.environ, CASEMGMT_MAIL_DIR=str(var / "mail"))
    env.pop("SMTP_HOST", None)
    server = subprocess.Popen(
        [BIN / "runwsgi", var / "instance" / "etc" / "zope.ini"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://localhost:{port}"
    try:
        for _ in range(180):
            try:
                if requests.get(base + "/Plone", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(1)
        site, plain = base + "/Plone", base + "/plain"
        admin = session("admin", "admin")
        student, reception, worker, quality = (
            session(u) for u in ("student1", "reception-ie", "caseworker-ie", "quality")
        )
        result = {"N": n, "cpu_check_ms": cpu_check()}

        # creation through REST
        count = max(10, REPEAT)
        start = time.perf_counter()
        created = [
            student.post(site + "/@report-deviation", json=DEVIATION).json()["@id"]
            for _ in range(count)
        ]
        case_rate = count / (time.perf_counter() - start)
        start = time.perf_counter()
        documents = [
            admin.post(
                plain + "/docs", json={"@type": "Document", "title": f"Bench {i}"}
            ).json()["@id"]
            for i in range(count)
        ]
        doc_rate = count / (time.perf_counter() - start)
        result["create"] = {
            "cases_per_s": round(case_rate, 1),
            "documents_per_s": round(doc_rate, 1),
            "ratio": round(case_rate / doc_rate, 2),
        }

        # listings vs plain Plone doing the same: 20 items of N as an HTML page
        # (a folder listing, read by a member with Reader) and as JSON (@search);
        # the inbox and My work both ways (as JSON: @cases with their filters)
        html = {"Accept": "text/html"}
        reader = session("bench-reader")
        taken = timed_together(
            {
                "plain_listing": lambda: reader.get(
                    plain + "/docs/@@listing_view", params={"b_size": 20}, headers=html
                ),
                "plain_search": lambda: admin.get(
                    plain + "/@search",
                    params={
                        "portal_type": "Document",
                        "b_size": 20,
                        "sort_on": "modified",
                        "metadata_fields": "_all",
                    },
                ),
                "inbox": lambda: reception.get(site + "/@@case-inbox", headers=html),
                "my_work": lambda: worker.get(site + "/@@my-work", headers=html),
                "inbox_rest": lambda: reception.get(
                    site + "/@cases", params={"review_state": "submitted", "b_size": 20}
                ),
                "my_work_rest": lambda: worker.get(
                    site + "/@cases", params={"mine": "true", "b_size": 20}
                ),
                "cases": lambda: reception.get(site + "/@cases", params={"b_size": 20}),
                # the staff's case list: a filter and a text search (a word
                # of every case's title: the largest result to rank and
                # sort), against @search with the same filter and word
                "plain_text_search": lambda: admin.get(
                    plain + "/@search",
                    params={
                        "portal_type": "Document",
                        "review_state": "private",
                        "SearchableText": "document",
                        "b_size": 20,
                        "sort_on": "modified",
                        "metadata_fields": "_all",
                    },
                ),
                "plain_text_search_html": lambda: reader.get(
                    plain + "/@@search",
                    params={
                        "portal_type": "Document",
                        "review_state": "private",
                        "SearchableText": "document",
                        "b_size": 20,
                    },
                    headers=html,
                ),
                "case_list": lambda: reception.get(
                    site + "/@@case-list",
                    params={"review_state": "in_progress", "q": "deviation"},
                    headers=html,
                ),
                "case_list_rest": lambda: reception.get(
                    site + "/@cases",
                    params={
                        "review_state": "in_progress",
                        "q": "deviation",
                        "b_size": 20,
                    },
                ),
            },
            repeat=3 * REPEAT,
        )
        plain_listing, plain_search, plain_text_search, plain_text_search_html = (
            taken.pop("plain_listing"),
            taken.pop("plain_search"),
            taken.pop("plain_text_search"),
            taken.pop("plain_text_search_html"),
        )
        baselines = {
            "inbox": plain_listing,
            "my_work": plain_listing,
            "case_list": plain_text_search_html,
            "case_list_rest": plain_text_search,
        }
        listings = {
            name: (figures, baselines.get(name, plain_search))
            for name, figures in taken.items()
        }
        result["listings"] = {
            name: dict(figures, ratio=round(figures["p95"] / baseline["p95"], 2))
            for name, (figures, baseline) in listings.items()
        }
        result["plain_listing"] = plain_listing
        result["plain_search"] = plain_search
        result["plain_text_search"] = plain_text_search
        result["plain_text_search_html"] = plain_text_search_html
        result["statistics"] = timed(
            lambda: quality.get(site + "/@case-statistics"), repeat=max(5, REPEAT // 3)
        )

        # a transition with its e-mails vs a plain publish
        def approve():
            url = created.pop()
            return reception.post(url + "/@workflow/approve", json={})

        def publish():
            url = documents.pop()
            return admin.post(url + "/@workflow/publish", json={})

        repeat = max(5, min(len(created), len(documents)) - 2)
        transition = timed(approve, repeat=repeat)
        publishing = timed(publish, repeat=repeat)
        result["transition"] = {
            "approve_ms": transition,
            "publish_ms": publishing,
            "ratio": round(transition["p50"] / publishing["p50"], 2),
        }

        # changing the case worker of one case in the biggest faculty
        one = reception.get(
            site + "/@cases", params={"review_state": "in_progress", "b_size": 1}
        ).json()["items"][0]["@id"]
        names = iter(["worker-ie", "caseworker-ie"] * 100)
        result["case_worker_change"] = timed(
            lambda: reception.patch(one, json={"case_worker": next(names)})
        )
        return result
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


COLUMNS = [
    "N",
    "create cases/s vs Documents/s (ratio)",
    "inbox p50/p95 ms (HTML)",
    "My work p50/p95 (HTML)",
    "plain folder listing p50/p95 (HTML)",
    "inbox, My work p50/p95 (JSON)",
    "@cases p50/p95",
    "plain @search p50/p95",
    "case list, filter + text p50/p95 (HTML, JSON)",
    "plain search page, @search, filter + text p50/p95 (HTML, JSON)",
    "listing p95 ratio (max)",
    "@case-statistics p50/p95",
    "approve vs publish p50 (ratio)",
    "case worker change p50/p95",
    "CPU check ms",
]


def cells(r):
    """One row of the table: the figures of one N, in the order of COLUMNS."""
    lst, create, transition = r["listings"], r["create"], r["transition"]

    def pair(figures):
        return f"{figures['p50']}/{figures['p95']}"

    return [
        str(r["N"]),
        f"{create['cases_per_s']} vs {create['documents_per_s']} ({create['ratio']})",
        pair(lst["inbox"]),
        pair(lst["my_work"]),
        pair(r["plain_listing"]),
        f"{pair(lst['inbox_rest'])}, {pair(lst['my_work_rest'])}",
        pair(lst["cases"]),
        pair(r["plain_search"]),
        "{}, {}".format(pair(lst["case_list"]), pair(lst["case_list_rest"]))
        if "case_list" in lst
        else "",
        "{}, {}".format(pair(r["plain_text_search_html"]), pair(r["plain_text_search"]))
        if "plain_text_search" in r
        else "",
        str(max(v["ratio"] for v in lst.values())),
        pair(r["statistics"]),
        "{} vs {} ({})".format(
            transition["approve_ms"]["p50"],
            transition["publish_ms"]["p50"],
            transition["ratio"],
        ),
        pair(r["case_worker_change"]),
        str(r.get("cpu_check_ms", "")),
    ]


def table(results):
    """The figures as a Markdown table, as ``make bench`` prints them."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cells(r)) + " |" for r in results]
    return "\n".join(lines)


def rst_table(results):
    """The figures as the README's reStructuredText list-table."""
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in [COLUMNS] + [cells(r) for r in results]:
        lines += [f"   * - {row[0]}"] + [f"     - {cell}" for cell in row[1:]]
    return "\n".join(lines)


def main():
    if sys.argv[1:2] == ["--table"]:  # the last run again; with --rst as in the README
        data = json.loads((BENCH / "results.json").read_text())
        print(data["machine"])
        print((rst_table if "--rst" in sys.argv else table)(data["results"]))
        return
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000 10000 100000").split()]
    BENCH.mkdir(parents=True, exist_ok=True)
    results = [measure(n) for n in sizes]
    machine = " · ".join((
        platform.node(),
        f"{os.cpu_count()} cores",
        f"Python {platform.python_version()}",
    ))
    (BENCH / "results.json").write_text(
        json.dumps({"machine": machine, "results": results}, indent=2)
    )
    print(machine)
    print(table(results))


if __name__ == "__main__":
    main()
