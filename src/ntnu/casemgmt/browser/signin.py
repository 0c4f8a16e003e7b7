"""Sign-in with Feide: the provider's callback and the log-in form's link.

The callback of ``pas.plugins.oidc`` 2.0 logs a wrong ``state`` without
refusing it (a login CSRF: anybody's code would sign a victim in as
somebody else) and answers a failed token request with ``Unauthorized``,
which sends the browser back to the provider in a loop. This callback
takes its place (registered for the plugin's class, so it wins over the
plugin's own view): it checks the state, refuses whatever fails with a
clear page (HTTP 403, nobody signed in), and sets the member's
properties from the identity (core/signin.py).
"""

from ntnu.casemgmt import logger
from ntnu.casemgmt.core import signin
from oic.oic import message
from pas.plugins.oidc import utils
from pas.plugins.oidc.plugins import OAuth2ConnectionException
from pas.plugins.oidc.session import Session
from plone import api
from plone.app.layout.viewlets import ViewletBase
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import parse_qs
from urllib.parse import urlencode

import hmac


class SignInRefused(Exception):
    """The provider's answer is not accepted; the message is for the log."""


class CallbackView(BrowserView):
    """``acl_users/oidc/callback``: where the provider sends the browser."""

    def __call__(self):
        self.request.response.setHeader("Cache-Control", "no-store")
        session = utils.load_existing_session(self.context, self.request)
        try:
            claims = self.identity(session)
        except SignInRefused as exc:
            return self.refuse(str(exc))
        except OAuth2ConnectionException:
            return self.refuse("the provider cannot be reached")
        except Exception as exc:  # oic raises many kinds
            # The provider's answer did not verify (signature, nonce, ...).
            return self.refuse(f"{type(exc).__name__}: {exc}")
        self.forget(session)
        self.context.rememberIdentity(claims)
        user = api.user.get(userid=claims[self.userid_claim()])
        if user is not None:
            signin.apply_identity(user, claims)
        self.request.response.redirect(
            utils.process_came_from(session, self.request.get("came_from"))
        )
        return ""

    def userid_claim(self):
        return self.context.getProperty("user_property_as_userid") or "sub"

    def identity(self, session):
        """The identity's claims (a dict) once code, state and tokens check out."""
        query = self.request.environ.get("QUERY_STRING", "")
        params = {key: values[0] for key, values in parse_qs(query).items()}
        if "error" in params:
            raise SignInRefused(f"provider answered {params['error']}")
        expected = session.get("state") or ""
        state = params.get("state") or ""
        if not expected or not hmac.compare_digest(state, expected):
            raise SignInRefused("state does not match this browser's sign-in")
        if not params.get("code"):
            raise SignInRefused("no code")
        client = self.context.get_oauth2_client()
        args, state = utils.parse_authorization_response(
            self.context, query, client, session
        )
        # The nonce sent with this browser's request must come back in the
        # ID token (a fresh client knows nothing of it otherwise).
        client.state2nonce[state] = session.get("nonce")
        claims = utils.get_user_info(client, state, args)
        if isinstance(claims, message.Message):
            claims = claims.to_dict()
        if not claims or not claims.get(self.userid_claim()):
            raise SignInRefused("no identity (token or userinfo request refused)")
        return self.with_extra_claims(client, state, claims)

    def with_extra_claims(self, client, state, claims):
        """``claims`` and those of the extended userinfo (Feide's
        affiliation and org unit), when its URL is set. Without them the
        faculty and status would silently be lost: a failure refuses."""
        url = signin.extra_userinfo_url()
        if not url:
            return claims
        token = client.get_token(state=state).access_token
        try:
            extra = signin.extra_claims(url, token)
        except signin.ExtraClaimsError as exc:
            raise SignInRefused(str(exc)) from exc
        _mapping, orgunit_claim, affiliation_claim = signin.settings()
        return signin.merge_claims(claims, extra, orgunit_claim, affiliation_claim)

    def forget(self, session):
        """A state serves one sign-in: the browser's copy goes."""
        self.request.response.expireCookie(Session.session_cookie_name)

    def refuse(self, reason):
        """The refusal page (in the site's layout); the reason goes to the
        log only."""
        logger.warning("Feide sign-in refused: %s", reason)
        self.request.response.expireCookie(Session.session_cookie_name)
        portal = api.portal.get()
        page = SignInRefusedView(portal, self.request)
        page.feide_url = f"{self.context.absolute_url()}/login"
        return page()


class SignInRefusedView(BrowserView):
    """The refusal page of the callback: nobody is signed in, try again
    (HTTP 403). Rendered with the site as context, so in its layout."""

    index = ViewPageTemplateFile("templates/signin_refused.pt")

    def __call__(self):
        self.request.response.setStatus(403)
        self.request.response.setHeader("Cache-Control", "no-store")
        self.portal_url = api.portal.get().absolute_url()
        if not getattr(self, "feide_url", None):
            found = signin.plugin()
            self.feide_url = (
                f"{found.absolute_url()}/login" if found else self.portal_url
            )
        return self.index()


class FeideLoginViewlet(ViewletBase):
    """ "Log in with Feide" above Plone's log-in form, once the plugin has an
    issuer (without one, ``make start`` is as before)."""

    def available(self):
        return signin.configured()

    def update(self):
        super().update()
        plugin = signin.plugin()
        self.login_url = f"{plugin.absolute_url()}/login" if plugin is not None else ""
        came_from = self.request.get("came_from")
        if came_from and self.login_url:
            self.login_url += "?" + urlencode({"came_from": came_from})

    def index(self):
        if not self.available():
            return ""
        return self.template()

    template = ViewPageTemplateFile("templates/feide_login.pt")
