"""Update the translation catalogues from the code (``make i18n``).

Extracts the ``ntnu.casemgmt`` messages of Python code, templates, ZCML and
GenericSetup XML into ``locales/ntnu.casemgmt.pot`` with i18ndude and merges
them into the ``nb`` and ``en`` catalogues; new messages arrive with an
empty translation, which ``tests/test_i18n.py`` reports until one is written.
"""

from pathlib import Path

import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "ntnu" / "casemgmt"
LOCALES = PACKAGE / "locales"
DOMAIN = "ntnu.casemgmt"
LANGUAGES = ("nb", "en")
I18NDUDE = str(Path(sys.executable).parent / "i18ndude")


def main():
    pot = LOCALES / f"{DOMAIN}.pot"
    subprocess.run(
        [I18NDUDE, "rebuild-pot", "--pot", str(pot), "--create", DOMAIN, str(PACKAGE)],
        check=True,
    )
    for language in LANGUAGES:
        po = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if not po.exists():
            po.write_text(
                "\n".join([
                    'msgid ""',
                    'msgstr ""',
                    '"Project-Id-Version: ntnu.casemgmt\\n"',
                    '"MIME-Version: 1.0\\n"',
                    '"Content-Type: text/plain; charset=utf-8\\n"',
                    '"Content-Transfer-Encoding: 8bit\\n"',
                    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
                    f'"Language-Code: {language}\\n"',
                    f'"Language-Name: {language}\\n"',
                    '"Preferred-Encodings: utf-8\\n"',
                    f'"Domain: {DOMAIN}\\n"',
                    "",
                ]),
                encoding="utf-8",
            )
        subprocess.run([I18NDUDE, "sync", "--pot", str(pot), str(po)], check=True)


if __name__ == "__main__":
    main()
