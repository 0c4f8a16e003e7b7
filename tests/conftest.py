"""Fixtures: the add-on's plone.app.testing layers, through pytest-plone."""

from ntnu.casemgmt.testing import DEMO_FUNCTIONAL_TESTING
from ntnu.casemgmt.testing import DEMO_INTEGRATION_TESTING
from ntnu.casemgmt.testing import FUNCTIONAL_TESTING
from ntnu.casemgmt.testing import INTEGRATION_TESTING
from pytest_plone import fixtures_factory

import pytest


pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (INTEGRATION_TESTING, "integration"),
            (FUNCTIONAL_TESTING, "functional"),
            (DEMO_INTEGRATION_TESTING, "demo"),
            (DEMO_FUNCTIONAL_TESTING, "demo_functional"),
        )
    )
)


@pytest.fixture
def demo_portal(demo):
    """The demo site (integration: changes roll back after each test)."""
    return demo["portal"]


@pytest.fixture
def package_name():
    return "ntnu.casemgmt"
