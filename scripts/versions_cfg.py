"""Write versions.cfg (buildout) from constraints.txt, so both install paths
use the same pins."""

from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def main():
    lines = [
        "# Generated from constraints.txt by scripts/versions_cfg.py: do not edit.",
        "[versions]",
    ]
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "==" not in line:
            continue
        name, version = line.split("==", 1)
        lines.append(f"{name.strip()} = {version.strip()}")
    (ROOT / "versions.cfg").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
