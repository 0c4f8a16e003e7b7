"""zest.releaser can release the package: a full release run in a
throw-away clone whose remote is a local bare repository (no upload: there
is no ~/.pypirc; the push goes to that bare repository only)."""

from pathlib import Path

import os
import pytest
import re
import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def run(*args, cwd, env=None):
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_fullrelease_in_a_clone(tmp_path):
    bare, clone = tmp_path / "origin.git", tmp_path / "clone"
    run("git", "clone", "-q", "--bare", ROOT, bare, cwd=tmp_path)
    run("git", "clone", "-q", bare, clone, cwd=tmp_path)
    run("git", "config", "user.email", "release@example.org", cwd=clone)
    run("git", "config", "user.name", "Release test", cwd=clone)
    (clone / "news" / "1.feature").write_text(
        "A change worth a line in the changelog.\n"
    )
    run("git", "add", "news/1.feature", cwd=clone)
    run("git", "commit", "-qm", "news", cwd=clone)
    env = dict(os.environ, HOME=str(tmp_path))  # no ~/.pypirc: nothing is uploaded
    result = subprocess.run(
        [str(BIN / "fullrelease"), "--no-input"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    tags = run("git", "tag", cwd=bare).stdout.split()
    assert len(tags) == 1 and re.fullmatch(r"\d+\.\d+\.\d+", tags[0]), tags
    changes = (clone / "CHANGES.rst").read_text()
    assert f"{tags[0]} (" in changes
    assert "A change worth a line in the changelog." in changes
    setup = (clone / "setup.py").read_text()
    assert re.search(r'version="\d+\.\d+\.\d+\.dev0"', setup)
    assert f'version="{tags[0]}"' not in setup
