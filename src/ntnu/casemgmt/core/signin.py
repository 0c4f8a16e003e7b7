"""Sign-in with Feide (OpenID Connect, SPEC §10): what the identity says
about a member, and the ``pas.plugins.oidc`` plugin's settings.

At every sign-in the member's ``fullname``, ``email``, ``faculty`` and
``reporter_role`` (student or staff) are taken from the identity's claims,
so a move to another faculty at the provider follows at the next sign-in.
The org unit is mapped to a faculty code by the registry record
``ntnu.casemgmt.orgunit_faculty_map`` (lines ``<org unit id> <code>``); an
org unit that maps to no faculty leaves ``faculty`` empty (the report form
then asks for one). Which claims carry the org unit and the affiliation
are registry records, with the names of Feide's extended userinfo as
defaults (docs.feide.no, "Available attributes from Feide directories").
Feide gives them in its extended userinfo only, which the plugin does not
call: when ``ntnu.casemgmt.oidc_extra_userinfo_url`` is set, the callback
asks it with the sign-in's access token (:func:`extra_claims`).

The plugin's callback (browser/signin.py) calls :func:`apply_identity`
after the plugin made or found the member.
"""

from ntnu.casemgmt import logger
from plone import api

import requests


ORGUNIT_MAP = "ntnu.casemgmt.orgunit_faculty_map"
ORGUNIT_CLAIM = "ntnu.casemgmt.oidc_orgunit_claim"
AFFILIATION_CLAIM = "ntnu.casemgmt.oidc_affiliation_claim"
EXTRA_USERINFO_URL = "ntnu.casemgmt.oidc_extra_userinfo_url"

#: Feide's extended userinfo: the only place Feide gives affiliation and
#: org unit (the standard userinfo has name and e-mail only).
FEIDE_EXTRA_USERINFO_URL = "https://api.dataporten.no/userinfo/v1/userinfo"

#: Seconds the extended userinfo request may take.
EXTRA_USERINFO_TIMEOUT = 10

DEFAULT_ORGUNIT_CLAIM = "eduPersonPrimaryOrgUnitDN"
DEFAULT_AFFILIATION_CLAIM = "eduPersonAffiliation"

#: eduPerson affiliations (Feide: student, employee, faculty, staff, ...)
#: and the report form's ``reporter_role`` they give.
STUDENT_AFFILIATIONS = ("student",)
STAFF_AFFILIATIONS = ("employee", "faculty", "staff")

#: The plugin's id in acl_users (pas.plugins.oidc's PLUGIN_ID).
PLUGIN_ID = "oidc"

#: Feide's scopes: name and e-mail, and the groups-org attribute group
#: (affiliation and org unit).
SCOPES = ("openid", "profile", "email", "groups-org")


def parse_orgunit_map(lines):
    """``{org unit id: faculty code}`` of the record's lines.

    The code is the last word of a line, so an org unit id (a DN, say) may
    hold spaces; blank lines and ``#`` comments are skipped.
    """
    mapping = {}
    for line in lines or ():
        line = (line or "").strip()
        if not line or line.startswith("#"):
            continue
        parts = line.rsplit(None, 1)
        if len(parts) == 2:
            mapping[parts[0].strip()] = parts[1].strip()
    return mapping


def _values(claim):
    """A claim's values as a list of strings (a claim may be one or many)."""
    if claim is None:
        return []
    if isinstance(claim, str):
        return [claim]
    return [str(value) for value in claim if value]


def faculty_of(claims, mapping, claim=DEFAULT_ORGUNIT_CLAIM):
    """The faculty code of the first org unit in ``claims[claim]`` that the
    mapping knows, else ``""``."""
    for unit in _values(claims.get(claim)):
        code = mapping.get(unit.strip())
        if code:
            return code
    return ""


def reporter_role_of(claims, claim=DEFAULT_AFFILIATION_CLAIM):
    """``student``, ``staff`` or ``""`` from the affiliation claim.

    A person who is both is taken as a student (the report form lets them
    change it); values may be scoped (``student@ntnu.no``).
    """
    affiliations = {
        value.split("@", 1)[0].strip().lower() for value in _values(claims.get(claim))
    }
    if affiliations & set(STUDENT_AFFILIATIONS):
        return "student"
    if affiliations & set(STAFF_AFFILIATIONS):
        return "staff"
    return ""


def fullname_of(claims):
    """``name``, else given and family name."""
    name = (claims.get("name") or "").strip()
    if name:
        return name
    parts = [claims.get("given_name") or "", claims.get("family_name") or ""]
    return " ".join(part.strip() for part in parts if part.strip())


def properties_from(claims, mapping, orgunit_claim, affiliation_claim):
    """The member properties an identity's claims give.

    ``faculty`` and ``reporter_role`` are always there (empty when the
    identity says nothing we know), so an old value does not outlive a move.
    """
    properties = {
        "faculty": faculty_of(claims, mapping, orgunit_claim),
        "reporter_role": reporter_role_of(claims, affiliation_claim),
    }
    fullname = fullname_of(claims)
    if fullname:
        properties["fullname"] = fullname
    email = (claims.get("email") or "").strip()
    if email:
        properties["email"] = email
    return properties


def settings():
    """``(org unit map, org unit claim, affiliation claim)`` of the registry."""
    record = api.portal.get_registry_record
    return (
        parse_orgunit_map(record(ORGUNIT_MAP, default=())),
        record(ORGUNIT_CLAIM, default="") or DEFAULT_ORGUNIT_CLAIM,
        record(AFFILIATION_CLAIM, default="") or DEFAULT_AFFILIATION_CLAIM,
    )


class ExtraClaimsError(Exception):
    """The extended userinfo could not be had; the message says why."""


def extra_userinfo_url():
    """The registry's extended userinfo URL, or ``""`` (none is called)."""
    return (
        api.portal.get_registry_record(EXTRA_USERINFO_URL, default="") or ""
    ).strip()


def extra_claims(url, access_token, timeout=EXTRA_USERINFO_TIMEOUT):
    """The claims of the extended userinfo at ``url`` (Feide's
    ``/userinfo/v1/userinfo``), asked for with the sign-in's access token.

    Raises :class:`ExtraClaimsError` when the provider cannot be reached,
    answers other than 2xx or with anything but a JSON object.
    """
    try:
        answer = requests.get(
            url,
            headers={
                "Authorization": f"Bearer {access_token}",
                "Accept": "application/json",
            },
            timeout=timeout,
        )
    except requests.RequestException as exc:
        raise ExtraClaimsError(f"extended userinfo not reached: {exc}") from exc
    if not 200 <= answer.status_code < 300:
        raise ExtraClaimsError(f"extended userinfo answered {answer.status_code}")
    try:
        found = answer.json()
    except ValueError as exc:
        raise ExtraClaimsError("extended userinfo answered no JSON") from exc
    if not isinstance(found, dict):
        raise ExtraClaimsError("extended userinfo answered no JSON object")
    return found


def merge_claims(claims, extra, orgunit_claim, affiliation_claim):
    """``claims`` with ``extra`` (extended userinfo) merged in.

    The standard claims win (``sub``, name and e-mail are the ID token's
    and the verified userinfo's), except the org unit and affiliation
    claims, which are the extended userinfo's when it has them.
    """
    merged = dict(claims)
    for key, value in extra.items():
        if key not in merged or (
            key in (orgunit_claim, affiliation_claim) and value not in (None, "", [])
        ):
            merged[key] = value
    return merged


def apply_identity(user, claims):
    """Set ``user``'s member properties from ``claims`` (a dict of the
    identity's userinfo); returns what was set."""
    claims = dict(claims)
    properties = properties_from(claims, *settings())
    if not properties["faculty"]:
        logger.info("sign-in of %s: org unit maps to no faculty", user.getId())
    member = api.user.get(userid=user.getId())
    member.setMemberProperties(mapping=properties)
    return properties


# The plugin's settings ------------------------------------------------------


def plugin():
    """The site's ``pas.plugins.oidc`` plugin, or None."""
    return api.portal.get_tool("acl_users").get(PLUGIN_ID)


def configured():
    """Whether sign-in with Feide is set up (the plugin has an issuer)."""
    found = plugin()
    return bool(found is not None and found.getProperty("issuer"))


def quiet_challenge(portal):
    """Keep Plone's own log-in form as the challenge: with the plugin's
    challenge on, every "log in" would go to the provider, and local
    accounts (admin, the demo users) could not sign in. The log-in form
    offers "Log in with Feide" instead."""
    pas = portal.acl_users
    if PLUGIN_ID not in pas.objectIds():
        return
    from Products.PluggableAuthService.interfaces.plugins import IChallengePlugin

    if PLUGIN_ID in pas.plugins.listPluginIds(IChallengePlugin):
        pas.plugins.deactivatePlugin(IChallengePlugin, PLUGIN_ID)


def install_plugin(portal):
    """Install ``pas.plugins.oidc`` in the site once (its profile makes the
    plugin ``acl_users/oidc``), keeping Plone's log-in form."""
    if PLUGIN_ID not in portal.acl_users.objectIds():
        setup = api.portal.get_tool("portal_setup")
        setup.runAllImportStepsFromProfile("profile-pas.plugins.oidc:default")
    quiet_challenge(portal)
    return portal.acl_users[PLUGIN_ID]


def configure(portal, issuer, client_id, client_secret, redirect_uri=None):
    """Point the plugin at ``issuer`` with the client's credentials:
    authorization code flow with PKCE, Feide's scopes, users made and
    updated at sign-in, a Plone session cookie."""
    found = install_plugin(portal)
    found.manage_changeProperties(
        issuer=issuer,
        client_id=client_id,
        client_secret=client_secret,
        scope=SCOPES,
        use_pkce=True,
        create_user=True,
        create_ticket=True,
        create_groups=False,
        redirect_uris=(redirect_uri,) if redirect_uri else (),
    )
    return found


def configure_from_environ(portal, environ):
    """``make start``: configure the plugin when ``OIDC_ISSUER``,
    ``OIDC_CLIENT_ID`` and ``OIDC_CLIENT_SECRET`` are set (and
    ``OIDC_REDIRECT_URI`` optionally; ``OIDC_EXTRA_USERINFO_URL``, Feide's
    extended userinfo, sets the registry record); returns whether it did."""
    names = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
    values = [environ.get(name, "").strip() for name in names]
    if not all(values):
        return False
    configure(portal, *values, redirect_uri=environ.get("OIDC_REDIRECT_URI") or None)
    extra = environ.get("OIDC_EXTRA_USERINFO_URL", "").strip()
    if extra:
        api.portal.set_registry_record(EXTRA_USERINFO_URL, extra)
    return True
