"""Installer for the ntnu.casemgmt package."""

from pathlib import Path
from setuptools import find_namespace_packages
from setuptools import setup


long_description = "\n\n".join([
    Path("README.rst").read_text(encoding="utf-8"),
    Path("CHANGES.rst").read_text(encoding="utf-8"),
])

setup(
    name="ntnu.casemgmt",
    version="1.0.0.dev0",
    description=(
        "Case management for deviations in education quality and "
        "notification (whistleblowing) cases, as a Plone 6.2 add-on."
    ),
    long_description=long_description,
    long_description_content_type="text/x-rst",
    classifiers=[
        "Development Status :: 3 - Alpha",
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Programming Language :: Python",
        "Programming Language :: Python :: 3.11",
        "Operating System :: OS Independent",
    ],
    keywords="Plone case management deviation whistleblowing",
    author="NTNU casemgmt developers",
    author_email="casemgmt@example.org",
    url="https://example.org/ntnu.casemgmt",
    license="GPL-2.0-only",
    packages=find_namespace_packages("src", include=["ntnu.*"]),
    package_dir={"": "src"},
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "setuptools",
        "Products.CMFPlone>=6.2.2",
        "plone.classicui",
        "plone.app.caching",
        "plone.app.upgrade",
        "plone.api",
        "plone.restapi",
        "plone.app.dexterity",
        "collective.easyform",
        "holidays",
        "reportlab",
        # PDF/A for the archive export (SPEC §7 @archive-export)
        "fpdf2",
        "matplotlib",
        # sign-in with Feide (OpenID Connect), SPEC section 10
        "pas.plugins.oidc",
        "Zope",
    ],
    extras_require={
        "test": [
            "plone.app.testing",
            "pytest",
            "pytest-plone",
            "pytest-cov",
            "pytest-xdist",
            "aiosmtpd",
            "pypdf",
            "schemathesis",
            "playwright",
            "RelStorage",
            "psycopg2-binary",
            "i18ndude",
            "requests",
            "zest.releaser[recommended]",
            "towncrier",
            "zestreleaser.towncrier",
            # make bench builds its databases with two ZEO clients at once
            "ZEO",
            # make lint, the first step of CI
            "ruff",
            "zpretty",
        ],
        "lint": [
            "ruff",
            "zpretty",
        ],
        "relstorage": [
            "RelStorage",
            "psycopg2-binary",
        ],
        "release": [
            "zest.releaser[recommended]",
            "towncrier",
            "zestreleaser.towncrier",
        ],
    },
    entry_points="""
    [z3c.autoinclude.plugin]
    target = plone
    [console_scripts]
    casemgmt-jobs = ntnu.casemgmt.core.jobs:main
    """,
)
