"""Test layers of ntnu.casemgmt (plone.app.testing)."""

from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE

import os


# Compile the .po catalogues at load time, as the instance does.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")


class CasemgmtLayer(PloneSandboxLayer):
    """A site with ``ntnu.casemgmt:default`` installed."""

    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

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


FIXTURE = CasemgmtLayer()


class DemoLayer(PloneSandboxLayer):
    """The default profile plus the demo faculties, users and pages."""

    defaultBases = (FIXTURE,)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "ntnu.casemgmt:demo")


DEMO_FIXTURE = DemoLayer()

INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE,), name="Casemgmt:Integration"
)
FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(FIXTURE, WSGI_SERVER_FIXTURE), name="Casemgmt:Functional"
)
DEMO_INTEGRATION_TESTING = IntegrationTesting(
    bases=(DEMO_FIXTURE,), name="Casemgmt:DemoIntegration"
)
DEMO_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(DEMO_FIXTURE, WSGI_SERVER_FIXTURE), name="Casemgmt:DemoFunctional"
)
