"""Test layers of ntnu.casemgmt (plone.app.testing)."""

from Acquisition import aq_base
from ntnu.casemgmt.core.mailhost import CaseMailHost
from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE

import os
import shutil
import tempfile


# Compile the .po catalogues at load time, as the instance does.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")


class CasemgmtLayer(PloneSandboxLayer):
    """A site with ``ntnu.casemgmt:default`` installed.

    Its MailHost is the add-on's own, as on a real site; mail goes to .eml
    files in a temporary directory (tests point ``CASEMGMT_MAIL_DIR`` at
    their own directory to read what was sent), never to an SMTP server.
    """

    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUp(self):
        self._mail_dir = tempfile.mkdtemp(prefix="casemgmt-mail-")
        self._saved_env = {
            k: os.environ.get(k) for k in ("CASEMGMT_MAIL_DIR", "SMTP_HOST")
        }
        os.environ["CASEMGMT_MAIL_DIR"] = self._mail_dir
        os.environ.pop("SMTP_HOST", None)
        super().setUp()

    def tearDown(self):
        super().tearDown()
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(self._mail_dir, ignore_errors=True)

    def setUpZope(self, app, configurationContext):
        import collective.easyform
        import ntnu.casemgmt
        import plone.restapi

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=collective.easyform)
        self.loadZCML(package=ntnu.casemgmt)

    def setUpPloneSite(self, portal):
        # plone.app.testing switches the default workflow off; a real site
        # has one, and the demo publishes its guideline pages with it.
        portal.portal_workflow.setDefaultChain("simple_publication_workflow")
        applyProfile(portal, "ntnu.casemgmt:default")
        # plone.app.testing's PLONE_FIXTURE has a plain MailHost; the
        # profile replaced it by the add-on's one.
        if type(aq_base(portal.MailHost)) is not CaseMailHost:
            raise RuntimeError("the profile did not install the add-on's MailHost")


FIXTURE = CasemgmtLayer()


class DemoLayer(PloneSandboxLayer):
    """The default profile plus the demo faculties, users and pages."""

    defaultBases = (FIXTURE,)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "ntnu.casemgmt:demo")


DEMO_FIXTURE = DemoLayer()

INTEGRATION_TESTING = IntegrationTesting(bases=(FIXTURE,), name="Casemgmt:Integration")
FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(FIXTURE, WSGI_SERVER_FIXTURE), name="Casemgmt:Functional"
)
DEMO_INTEGRATION_TESTING = IntegrationTesting(
    bases=(DEMO_FIXTURE,), name="Casemgmt:DemoIntegration"
)
DEMO_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(DEMO_FIXTURE, WSGI_SERVER_FIXTURE), name="Casemgmt:DemoFunctional"
)
