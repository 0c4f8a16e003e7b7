"""Build a benchmark database (run by bench/run.py through zconsole).

Two sites in one database: ``/Plone`` with ntnu.casemgmt (demo profile) and
BENCH_N deviations spread over the faculties, states and users like a real
year, and ``/plain``, a plain Plone site with BENCH_N Documents, for the
side-by-side figures. Mails are not sent while building (bulk load).
"""

from AccessControl.SecurityManagement import newSecurityManager
from plone import api
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import random
import transaction


N = int(os.environ["BENCH_N"])
FACULTIES = ["ad", "hf", "ie", "iv", "mh", "nv", "su", "ok", "vm"]
WEIGHTS = [4, 6, 20, 14, 12, 14, 12, 6, 2]
STATES = [("closed", 60), ("in_progress", 20), ("submitted", 15), ("rejected", 5)]
CATEGORIES = [
    "teaching", "supervision", "assessment", "study_programme", "learning_environment_physical",
    "learning_environment_psychosocial", "information_administration", "other",
]


def main(app):
    from ntnu.casemgmt import mails
    from Products.CMFPlone.factory import addPloneSite

    mails.send = lambda *args, **kwargs: []  # bulk load: no mail
    app = makerequest(app)
    users = app.acl_users
    if "admin" not in users.getUserNames():
        users._doAddUser("admin", "admin", ["Manager"], [])
    newSecurityManager(None, users.getUserById("admin").__of__(users))
    rng = random.Random(4711)
    if "plain" not in app.objectIds():
        addPloneSite(app, "plain", extension_ids=["plone.app.contenttypes:default", "plone.restapi:default"])
        transaction.commit()
    if "Plone" not in app.objectIds():
        addPloneSite(app, "Plone", extension_ids=[
            "plone.app.contenttypes:default", "plonetheme.barceloneta:default",
            "ntnu.casemgmt:default", "ntnu.casemgmt:demo",
        ])
        transaction.commit()

    plain = app["plain"]
    setSite(plain)
    if "docs" not in plain:
        api.content.create(container=plain, type="Folder", id="docs", title="Docs")
    docs = plain["docs"]
    for i in range(len(docs.objectIds()), N):
        api.content.create(container=docs, type="Document", id=f"doc-{i}", title=f"Document {i}",
                           description="A plain page of the same size as a case summary.")
        if i % 500 == 499:
            transaction.commit()
            print(f"plain: {i + 1}/{N}", flush=True)
    transaction.commit()

    site = app["Plone"]
    setSite(site)
    workers = {}
    for code in FACULTIES:
        worker = f"worker-{code}"
        if api.user.get(userid=worker) is None:
            api.user.create(email=f"{worker}@example.org", username=worker, password="demodemo",
                            properties={"faculty": code})
        workers[code] = worker
    workers["ie"] = "caseworker-ie"
    reporters = []
    for i in range(50):
        name = f"bench-student-{i}"
        if api.user.get(userid=name) is None:
            api.user.create(email=f"{name}@example.org", username=name, password="demodemo",
                            properties={"faculty": rng.choice(FACULTIES)})
        reporters.append(name)
    transaction.commit()
    catalog = api.portal.get_tool("portal_catalog")
    have = len(catalog.unrestrictedSearchResults(portal_type="Deviation"))
    workflow = api.portal.get_tool("portal_workflow")
    for i in range(have, N):
        code = rng.choices(FACULTIES, WEIGHTS)[0]
        state = rng.choices([s for s, _ in STATES], [w for _, w in STATES])[0]
        case = api.content.create(
            container=site["faculties"][code], type="Deviation", title=f"Deviation {i}",
            category=rng.choice(CATEGORIES), event_description="What happened, where and how.",
            prior_attempts="Talked to the lecturer.",
        )
        case.setCreators([rng.choice(reporters)])
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
    print("built", N)


main(app)  # noqa: F821 (given by zconsole)
