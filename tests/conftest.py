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
        ),
        # plone.testing layers that share a base cannot be set up at the same
        # time (their resources stack on the base): keeping all four for the
        # whole session lets demo users leak into tests of the bare add-on.
        # Instead each test is tagged with its layer (below), and
        # zope.pytestlayer orders the tests and keeps a layer while the
        # next test needs it.
        keep_session=False,
    )
)


# fixture name -> the layer a test using it runs in (most specific first)
_LAYER_OF_FIXTURE = (
    ("demo_functional", DEMO_FUNCTIONAL_TESTING),
    ("demo", DEMO_INTEGRATION_TESTING),
    ("functional", FUNCTIONAL_TESTING),
    ("integration", INTEGRATION_TESTING),
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    """Give each test the ``layer`` attribute zope.pytestlayer sorts by."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for fixture_name, layer in _LAYER_OF_FIXTURE:
            if fixture_name in names:
                item.layer = layer
                break


@pytest.fixture
def demo_portal(demo):
    """The demo site (integration: changes roll back after each test)."""
    return demo["portal"]


@pytest.fixture
def package_name():
    return "ntnu.casemgmt"
