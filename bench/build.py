"""Build a benchmark database (run by bench/run.py through zconsole).

Two sites in one database: ``/Plone`` with ntnu.casemgmt (demo profile) and
BENCH_N deviations spread over the faculties, states and users like a real
year, and ``/plain``, a plain Plone site with BENCH_N Documents, for the
side-by-side figures. Mails are not sent while building (bulk load).

BENCH_PART says what this process builds: ``sites`` (both empty sites and
the users), then ``plain`` and ``cases``, which bench/run.py runs at the
same time as two ZEO clients of one database (one core each). The two
parts write to different sites, so they do not conflict. Each part
resumes where it stopped. ``prepare`` (run before every measurement)
sets up the plain site's baseline.
"""

from AccessControl.SecurityManagement import newSecurityManager
from ntnu.casemgmt.site import create_site
from ntnu.casemgmt.site import ensure_admin
from plone import api
from plone.dexterity.utils import createContentInContainer
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import random
import transaction


N = int(os.environ["BENCH_N"])
PART = os.environ.get("BENCH_PART", "all")
FACULTIES = ["ad", "hf", "ie", "iv", "mh", "nv", "su", "ok", "vm"]
WEIGHTS = [4, 6, 20, 14, 12, 14, 12, 6, 2]
STATES = [("closed", 60), ("in_progress", 20), ("submitted", 15), ("rejected", 5)]
CATEGORIES = [
    "teaching",
    "supervision",
    "assessment",
    "study_programme",
    "learning_environment_physical",
    "learning_environment_psychosocial",
    "information_administration",
    "other",
]
REPORTERS = [f"bench-student-{i}" for i in range(50)]


def login(app):
    newSecurityManager(None, ensure_admin(app))


#: plain Plone as a Classic UI site is made: content types, the Barceloneta
#: theme (as the case site has), REST
PLAIN_PROFILES = [
    "plone.app.contenttypes:default",
    "plonetheme.barceloneta:default",
    "plone.restapi:default",
]


def build_sites(app):
    from Products.CMFPlone.factory import addPloneSite

    if "plain" not in app.objectIds():
        addPloneSite(app, "plain", extension_ids=PLAIN_PROFILES)
        transaction.commit()
    if "Plone" not in app.objectIds():
        create_site(app, "Plone", demo=True)
        transaction.commit()
    plain = app["plain"]
    setSite(plain)
    if "docs" not in plain:
        api.content.create(container=plain, type="Folder", id="docs", title="Docs")
    site = app["Plone"]
    setSite(site)
    rng = random.Random(4711)
    for code in FACULTIES:
        worker = f"worker-{code}"
        if api.user.get(userid=worker) is None:
            api.user.create(
                email=f"{worker}@example.org",
                username=worker,
                password="demodemo",
                properties={"faculty": code},
            )
    for name in REPORTERS:
        if api.user.get(userid=name) is None:
            api.user.create(
                email=f"{name}@example.org",
                username=name,
                password="demodemo",
                properties={"faculty": rng.choice(FACULTIES)},
            )
    transaction.commit()


def build_plain(app):
    plain = app["plain"]
    setSite(plain)
    docs = plain["docs"]
    # As the faculties: a folder of N pages keeps no order list (plone.folder
    # would rewrite a list of every id with each new page).
    if docs._ordering != "unordered":
        docs.setOrdering("unordered")
        transaction.commit()
    for i in range(len(docs.objectIds()), N):
        api.content.create(
            container=docs,
            type="Document",
            id=f"doc-{i}",
            title=f"Document {i}",
            description="A plain page of the same size as a case summary.",
        )
        if i % 500 == 499:
            transaction.commit()
            print(f"plain: {i + 1}/{N}", flush=True)
    transaction.commit()


def build_cases(app):
    from ntnu.casemgmt.core import mail as mails

    mails.send = lambda *args, **kwargs: []  # bulk load: no mail
    site = app["Plone"]
    setSite(site)
    workers = {code: f"worker-{code}" for code in FACULTIES}
    workers["ie"] = "caseworker-ie"
    catalog = api.portal.get_tool("portal_catalog")
    have = len(catalog.unrestrictedSearchResults(portal_type="Deviation"))
    # Reproducible: a run that starts from the same number of cases makes the same ones.
    rng = random.Random(4711 + have)
    workflow = api.portal.get_tool("portal_workflow")
    for i in range(have, N):
        code = rng.choices(FACULTIES, WEIGHTS)[0]
        state = rng.choices([s for s, _ in STATES], [w for _, w in STATES])[0]
        # named (by case number) before it is added, as the REST service does;
        # a bulk load, not Plone's generic "Add" (which no role may use on cases)
        case = createContentInContainer(
            site["faculties"][code],
            "Deviation",
            checkConstraints=False,
            title=f"Deviation {i}",
            category=rng.choice(CATEGORIES),
            event_description="What happened, where and how.",
            prior_attempts="Talked to the lecturer.",
        )
        case.setCreators([rng.choice(REPORTERS)])
        case.manage_setLocalRoles(case.listCreators()[0], ["Owner"])
        if state in ("in_progress", "closed"):
            case.case_worker = workers[code]
            workflow.doActionFor(case, "approve")
        if state == "closed":
            workflow.doActionFor(case, "close", comment="Handled.")
        if state == "rejected":
            workflow.doActionFor(case, "reject", comment="Not a deviation.")
        case.reindexObject()
        if i % 500 == 499:
            transaction.commit()
            print(f"casemgmt: {i + 1}/{N}", flush=True)
    transaction.commit()


def prepare(app):
    """Give plain Plone what any site with a folder of N pages needs, and
    the case site its pending upgrade steps.

    Its default navigation portlet and global navigation list every page
    of the folder (1 MB of HTML at N = 1000); without them the folder
    listing is the fair HTML baseline for the case lists. ``bench-reader``
    reads the plain pages as a member, as the case workers read cases. A
    plain site built before it was made with the Barceloneta theme gets it
    now, so both sites pay for the same theme.
    """
    from plone.portlets.interfaces import IPortletAssignmentMapping
    from plone.portlets.interfaces import IPortletManager
    from zope.component import getMultiAdapter
    from zope.component import getUtility

    plain = app["plain"]
    setSite(plain)
    if not api.portal.get_registry_record(
        "plone.app.theming.interfaces.IThemeSettings.enabled"
    ):
        plain.portal_setup.runAllImportStepsFromProfile(
            "profile-plonetheme.barceloneta:default"
        )
    for name in ("plone.leftcolumn", "plone.rightcolumn"):
        manager = getUtility(IPortletManager, name=name, context=plain)
        mapping = getMultiAdapter((plain, manager), IPortletAssignmentMapping)
        for key in list(mapping.keys()):
            del mapping[key]
    api.portal.set_registry_record("plone.navigation_depth", 1)
    if api.user.get(userid="bench-reader") is None:
        api.user.create(
            email="bench-reader@example.org",
            username="bench-reader",
            password="demodemo",
            roles=["Member", "Reader"],
        )
    transaction.commit()
    # A database built by an older version gets its upgrade steps, as a
    # deployment of the new version would.
    from ntnu.casemgmt.upgrades import run_pending

    setSite(app["Plone"])
    if run_pending(app["Plone"]):
        transaction.commit()


def main(app):
    app = makerequest(app)
    login(app)
    if PART in ("sites", "all"):
        build_sites(app)
    if PART in ("plain", "all"):
        build_plain(app)
    if PART in ("cases", "all"):
        build_cases(app)
    if PART in ("prepare", "all"):
        prepare(app)
    print("built", PART, N)


main(app)  # noqa: F821 (given by zconsole)
