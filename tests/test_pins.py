"""The two install paths use the same pins: buildout's ``versions.cfg`` is
``constraints.txt`` (pip's) written the other way, and the tools of
``make lint`` are pinned like everything else."""

from pathlib import Path

import configparser
import re


ROOT = Path(__file__).resolve().parent.parent


def constraints():
    """``{name: version}`` of constraints.txt (names compared lower-case)."""
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: not a pin: {line!r}"
            pins[name.strip().lower()] = version.strip()
    return pins


def versions_cfg():
    """``{name: version}`` of versions.cfg's ``[versions]``."""
    parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
    parser.optionxform = str.lower
    parser.read(ROOT / "versions.cfg")
    return dict(parser["versions"])


def test_versions_cfg_matches_constraints():
    pins, versions = constraints(), versions_cfg()
    assert len(pins) > 200  # the whole file was read
    only_pip = sorted(set(pins) - set(versions))
    only_buildout = sorted(set(versions) - set(pins))
    differ = sorted(n for n in set(pins) & set(versions) if pins[n] != versions[n])
    assert not (only_pip or only_buildout or differ), (
        f"only in constraints.txt: {only_pip}; only in versions.cfg: "
        f"{only_buildout}; other versions: {differ} "
        "(run scripts/versions_cfg.py)"
    )


def test_lint_tools_are_pinned():
    pins = constraints()
    assert re.fullmatch(r"\d+\.\d+\.\d+", pins["ruff"])
    assert re.fullmatch(r"\d+\.\d+\.\d+", pins["zpretty"])
