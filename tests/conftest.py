"""Fixtures: the add-on's plone.app.testing layers, through pytest-plone."""

from ntnu.casemgmt.testing import DEMO_FUNCTIONAL_TESTING
from ntnu.casemgmt.testing import DEMO_INTEGRATION_TESTING
from ntnu.casemgmt.testing import FUNCTIONAL_TESTING
from ntnu.casemgmt.testing import INTEGRATION_TESTING
from plone.testing.zope import WSGI_SERVER_FIXTURE
from pytest_plone import fixtures_factory
from world import WORLD_FUNCTIONAL_TESTING

import os
import pytest
import socket


pytest_plugins = ["pytest_plone"]


def _server_port():
    """A free port below Linux's ephemeral range (32768-60999).

    plone.testing's test server lets the OS pick a port the first time and
    binds the same number again each time the layer is set up anew; by then
    a client connection of the tests (or of another xdist worker) may hold
    it as its ephemeral port ("Address already in use"). Client
    connections never get a port below that range.
    """
    first = 21000 + (os.getpid() % 550) * 20
    for port in [*range(first, 32000), *range(21000, first)]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for the test server")


if not (os.environ.get("WSGI_SERVER_PORT") or os.environ.get("ZSERVER_PORT")):
    WSGI_SERVER_FIXTURE.port = _server_port()
    _set_up_server = WSGI_SERVER_FIXTURE.setUpServer

    def _set_up_server_on_a_free_port():
        # Each setup of the layer binds a port free at that moment: the
        # number of the last setup may still be held by its closing socket
        # ("Address already in use", seen once in a run of test-quick).
        WSGI_SERVER_FIXTURE.host = "127.0.0.1"
        WSGI_SERVER_FIXTURE.port = _server_port()
        _set_up_server()

    WSGI_SERVER_FIXTURE.setUpServer = _set_up_server_on_a_free_port
if not (os.environ.get("WSGI_SERVER_HOST") or os.environ.get("ZSERVER_HOST")):
    WSGI_SERVER_FIXTURE.host = "127.0.0.1"  # loopback only

globals().update(
    fixtures_factory(
        (
            (INTEGRATION_TESTING, "integration"),
            (FUNCTIONAL_TESTING, "functional"),
            (DEMO_INTEGRATION_TESTING, "demo"),
            (DEMO_FUNCTIONAL_TESTING, "demo_functional"),
            # the world of test_generic_paths.py (and test_retention.py)
            (WORLD_FUNCTIONAL_TESTING, "world_functional"),
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
    ("world_functional", WORLD_FUNCTIONAL_TESTING),
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


class Mailbox:
    """The .eml files the add-on's MailHost wrote during a test."""

    def __init__(self, path):
        self.path = path

    def messages(self):
        from email import message_from_bytes
        from email.header import decode_header
        from email.header import make_header

        result = []
        for path in sorted(self.path.glob("*.eml")):
            message = message_from_bytes(path.read_bytes())
            payload = message.get_payload(decode=True) or b""
            result.append({
                "to": message["To"],
                "from": message["From"],
                "subject": str(make_header(decode_header(message["Subject"] or ""))),
                "body": payload.decode(message.get_content_charset() or "utf-8"),
            })
        return result

    def to(self, address):
        """Messages addressed to ``address``."""
        return [m for m in self.messages() if address in (m["to"] or "")]

    def clear(self):
        for path in self.path.glob("*.eml"):
            path.unlink()


@pytest.fixture
def mailbox(tmp_path, monkeypatch):
    """Mail sent (committed) during the test, read back from .eml files."""
    directory = tmp_path / "mail"
    directory.mkdir()
    monkeypatch.setenv("CASEMGMT_MAIL_DIR", str(directory))
    monkeypatch.delenv("SMTP_HOST", raising=False)
    return Mailbox(directory)
