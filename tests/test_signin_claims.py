"""Sign-in with Feide: the claims -> member properties mapping (fast; the
browser flow against a real provider is tests/test_signin.py)."""

from ntnu.casemgmt.core import signin
from pathlib import Path
from plone import api

import http.server
import json
import pytest
import socket
import threading


MAP = signin.parse_orgunit_map([
    "ou=NV,ou=units,dc=ntnu,dc=no nv",
    "  # a comment",
    "",
    "ou=Dept of IE, ou=units,dc=ntnu,dc=no   ie",
])


def test_map_lines_code_is_last_word():
    assert MAP == {
        "ou=NV,ou=units,dc=ntnu,dc=no": "nv",
        "ou=Dept of IE, ou=units,dc=ntnu,dc=no": "ie",
    }


@pytest.mark.parametrize(
    "claim, code",
    [
        ("ou=NV,ou=units,dc=ntnu,dc=no", "nv"),
        (["ou=unknown", "ou=Dept of IE, ou=units,dc=ntnu,dc=no"], "ie"),
        ("ou=unknown", ""),
        (None, ""),
    ],
)
def test_faculty_from_org_unit(claim, code):
    claims = {"eduPersonPrimaryOrgUnitDN": claim}
    assert signin.faculty_of(claims, MAP) == code


@pytest.mark.parametrize(
    "affiliation, role",
    [
        (["student", "member"], "student"),
        (["employee", "member"], "staff"),
        ("faculty", "staff"),
        (["staff@ntnu.no"], "staff"),
        (["member", "student", "employee"], "student"),
        (["affiliate"], ""),
        (None, ""),
    ],
)
def test_reporter_role_from_affiliation(affiliation, role):
    assert signin.reporter_role_of({"eduPersonAffiliation": affiliation}) == role


def test_properties_clear_an_old_faculty():
    props = signin.properties_from(
        {"given_name": "Ola", "family_name": "Nordmann", "email": "o@x.no"},
        MAP,
        "eduPersonPrimaryOrgUnitDN",
        "eduPersonAffiliation",
    )
    assert props == {
        "fullname": "Ola Nordmann",
        "email": "o@x.no",
        "faculty": "",
        "reporter_role": "",
    }


def test_claim_names_are_settings(integration):
    portal = integration["portal"]
    api.portal.set_registry_record(signin.ORGUNIT_MAP, ["unit-9 nv"])
    api.portal.set_registry_record(signin.ORGUNIT_CLAIM, "org")
    api.portal.set_registry_record(signin.AFFILIATION_CLAIM, "aff")
    user = api.user.create(email="p@example.org", username="feide-person")
    props = signin.apply_identity(
        user, {"sub": "feide-person", "name": "P", "org": "unit-9", "aff": "employee"}
    )
    assert props["faculty"] == "nv"
    member = api.user.get(userid="feide-person")
    assert member.getProperty("faculty") == "nv"
    assert member.getProperty("reporter_role") == "staff"
    assert member.getProperty("fullname") == "P"
    # a move to an org unit without faculty empties it
    signin.apply_identity(user, {"sub": "feide-person", "org": "unit-0"})
    assert api.user.get(userid="feide-person").getProperty("faculty") == ""
    assert portal is not None


def test_defaults_are_feides(integration):
    assert (
        api.portal.get_registry_record(signin.ORGUNIT_CLAIM)
        == "eduPersonPrimaryOrgUnitDN"
    )
    assert (
        api.portal.get_registry_record(signin.AFFILIATION_CLAIM)
        == "eduPersonAffiliation"
    )


def test_environment_configures_the_plugin(integration):
    portal = integration["portal"]
    assert not signin.configure_from_environ(portal, {"OIDC_ISSUER": "http://x"})
    assert not signin.configured()
    assert signin.configure_from_environ(
        portal,
        {
            "OIDC_ISSUER": "http://localhost:9000",
            "OIDC_CLIENT_ID": "casemgmt",
            "OIDC_CLIENT_SECRET": "s3cret",
        },
    )
    plugin = signin.plugin()
    assert plugin.getProperty("issuer") == "http://localhost:9000"
    assert plugin.getProperty("client_secret") == "s3cret"
    assert plugin.getProperty("use_pkce") is True
    assert "groups-org" in plugin.getProperty("scope")
    # Plone's log-in form stays the challenge (local accounts still log in)
    from Products.PluggableAuthService.interfaces.plugins import IChallengePlugin

    assert "oidc" not in portal.acl_users.plugins.listPluginIds(IChallengePlugin)


def test_pas_namespace_workaround_still_needed():
    """ntnu/casemgmt/__init__.py works around pas.plugins.oidc's
    pkg_resources namespace declarations; when the installed release no
    longer has them, the workaround must go."""
    import importlib.metadata

    dist = importlib.metadata.distribution("pas.plugins.oidc")
    for name in ("pas/__init__.py", "pas/plugins/__init__.py"):
        text = (
            Path(dist.locate_file(name)).read_text()
            if any(str(f) == name for f in dist.files)
            else ""
        )
        assert "pkg_resources" in text, (
            f"pas.plugins.oidc {dist.version}: {name} no longer uses "
            "pkg_resources: upstream fixed it: remove the workaround in "
            "ntnu/casemgmt/__init__.py (with namespaces.zcml and its includes "
            "in instance/site.zcml and instance.cfg)"
        )


def test_namespace_workaround_comes_first_in_both_installs():
    """``make start`` (instance/site.zcml) and buildout (instance.cfg's
    ``zcml``, a package-includes *-meta.zcml) include namespaces.zcml before
    anything imports pas.plugins.oidc."""
    import pas.plugins.oidc  # noqa: F401  importable despite setuptools

    root = Path(__file__).resolve().parent.parent
    site = (root / "instance" / "site.zcml").read_text()
    first = site.index('file="namespaces.zcml"')
    assert first < site.index('package="Zope2.App"')
    instance_cfg = (root / "instance.cfg").read_text()
    assert "\nzcml = ntnu.casemgmt-meta:namespaces.zcml\n" in instance_cfg


class _ExtendedUserinfo(http.server.BaseHTTPRequestHandler):
    """A Feide-like extended userinfo: the claims for the one good token."""

    def do_GET(self):
        if self.headers.get("Authorization") != "Bearer good-token":
            self.send_response(401)
            self.end_headers()
            return
        body = json.dumps({
            "eduPersonAffiliation": ["employee", "member"],
            "eduPersonPrimaryOrgUnitDN": "ou=IE,ou=units,dc=ntnu,dc=no",
            "sub": "somebody-else",
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def extended_userinfo():
    """The URL of a local extended userinfo server (127.0.0.1, a thread)."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _ExtendedUserinfo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/userinfo/v1/userinfo"
    server.shutdown()
    server.server_close()


def test_extra_claims_with_the_access_token(extended_userinfo):
    extra = signin.extra_claims(extended_userinfo, "good-token")
    assert extra["eduPersonAffiliation"] == ["employee", "member"]
    merged = signin.merge_claims(
        {"sub": "feide-staff", "name": "S", "eduPersonAffiliation": ["student"]},
        extra,
        "eduPersonPrimaryOrgUnitDN",
        "eduPersonAffiliation",
    )
    # the extended userinfo gives affiliation and org unit, never the identity
    assert merged == {
        "sub": "feide-staff",
        "name": "S",
        "eduPersonAffiliation": ["employee", "member"],
        "eduPersonPrimaryOrgUnitDN": "ou=IE,ou=units,dc=ntnu,dc=no",
    }
    assert (
        signin.properties_from(
            merged, MAP, "eduPersonPrimaryOrgUnitDN", "eduPersonAffiliation"
        )["reporter_role"]
        == "staff"
    )


def test_extra_claims_refused_token_raises(extended_userinfo):
    with pytest.raises(signin.ExtraClaimsError, match="401"):
        signin.extra_claims(extended_userinfo, "stolen-token")


def test_extra_claims_unreachable_raises():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(signin.ExtraClaimsError, match="not reached"):
        signin.extra_claims(f"http://127.0.0.1:{port}/userinfo", "t", timeout=2)


def test_environment_sets_the_extended_userinfo_url(integration):
    portal = integration["portal"]
    assert api.portal.get_registry_record(signin.EXTRA_USERINFO_URL) is None
    assert signin.extra_userinfo_url() == ""
    signin.configure_from_environ(
        portal,
        {
            "OIDC_ISSUER": "https://auth.dataporten.no",
            "OIDC_CLIENT_ID": "casemgmt",
            "OIDC_CLIENT_SECRET": "s3cret",
            "OIDC_EXTRA_USERINFO_URL": signin.FEIDE_EXTRA_USERINFO_URL,
        },
    )
    assert signin.extra_userinfo_url() == signin.FEIDE_EXTRA_USERINFO_URL
