"""``make bench`` still works: a tiny run builds both sites over ZEO, serves
them, takes every figure and writes the table (the figures are not judged:
that is what the benchmark is for, not a test)."""

from pathlib import Path

import json
import os
import pytest
import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_tiny_benchmark_run(tmp_path):
    env = dict(os.environ, BENCH_DIR=str(tmp_path), BENCH_SIZES="15", BENCH_REPEAT="3")
    env.pop("SMTP_HOST", None)
    done = subprocess.run(
        [sys.executable, "bench/run.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (result,) = json.loads((tmp_path / "results.json").read_text())["results"]
    assert result["N"] == 15
    assert result["cpu_check_ms"] > 0
    assert set(result) >= {
        "create",
        "listings",
        "plain_listing",
        "plain_search",
        "plain_text_search",
        "plain_text_search_html",
        "statistics",
        "transition",
        "case_worker_change",
    }
    assert set(result["listings"]) == {
        "inbox",
        "my_work",
        "inbox_rest",
        "my_work_rest",
        "cases",
        "case_list",
        "case_list_rest",
    }
    assert all(
        figures["p95"] > 0 and figures["ratio"] > 0
        for figures in result["listings"].values()
    )
    assert (
        result["create"]["cases_per_s"] > 0 and result["create"]["documents_per_s"] > 0
    )
    assert "| 15 |" in done.stdout
    # the build is marked as done, so later runs reuse it
    assert (tmp_path / "15" / "built").read_text() == "15"
    # the README's table comes from the same results
    rst = subprocess.run(
        [sys.executable, "bench/run.py", "--table", "--rst"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert rst.returncode == 0, rst.stderr
    assert ".. list-table::" in rst.stdout
    assert "   * - 15\n     - " in rst.stdout
    assert rst.stdout.count("   * - ") == 2  # the header row and N = 15
