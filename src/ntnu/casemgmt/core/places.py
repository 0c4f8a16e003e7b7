"""The fixed places of the site (SPEC §2) and the groups of each faculty."""

from Acquisition import aq_parent
from ntnu.casemgmt.content.faculty import IFaculty
from ntnu.casemgmt.content.moves import moving
from ntnu.casemgmt.core.roles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.core.roles import faculty_group
from ntnu.casemgmt.core.roles import FACULTY_GROUP_ROLES
from ntnu.casemgmt.core.roles import QUALITY_DIVISION_GROUP
from plone import api
from plone.app.dexterity.behaviors.constrains import ConstrainTypesBehavior
from plone.app.redirector.interfaces import IRedirectionStorage
from plone.base.interfaces.constrains import ENABLED
from plone.base.interfaces.constrains import ISelectableConstrainTypes
from Products.CMFPlone.utils import _createObjectByType
from zope.component import adapter
from zope.component import queryUtility
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import Interface


FACULTIES_ID = "faculties"
ADD_FACULTY = "ntnu.casemgmt: Add Faculty"
RECEPTION_ID = "speakup"

GROUP_TITLES = {
    "deviation-reception": "deviation reception",
    "line-managers": "line managers",
    "notification-unit": "notification unit",
}


class IFacultiesFolder(Interface):
    """Marker of ``/faculties``: only faculties may be added there."""


@implementer(ISelectableConstrainTypes)
@adapter(IFacultiesFolder)
class FacultiesConstrainTypes(ConstrainTypesBehavior):
    """``/faculties`` is a plain Folder (SPEC §2) that holds only faculties."""

    allowed = ("Faculty",)

    def getConstrainTypesMode(self):
        return ENABLED

    def getDefaultAddableTypes(self, context=None):
        context = context if context is not None else self.context
        portal_types = api.portal.get_tool("portal_types")
        return [
            fti
            for fti in portal_types.listTypeInfo()
            if fti.getId() in self.allowed and fti.isConstructionAllowed(context)
        ]

    def getLocallyAllowedTypes(self, context=None):
        return [fti.getId() for fti in self.getDefaultAddableTypes(context)]

    def getImmediatelyAddableTypes(self, context=None):
        return self.getLocallyAllowedTypes(context)

    def allowedContentTypes(self, context=None):
        return self.getDefaultAddableTypes(context)


def faculty_of(obj):
    """The Faculty ``obj`` lies directly in, or None."""
    parent = aq_parent(obj)
    return parent if IFaculty.providedBy(parent) else None


def move_case(case, target):
    """Move ``case`` into the faculty ``target`` as its process's rules say
    (the caller has checked that the person may): elevated, since the
    person may not write to either place, and without leaving a redirect.
    Returns the moved case."""
    from ntnu.casemgmt.core.security import as_system

    with as_system(), moving(case):
        moved = api.content.move(source=case, target=target)
    return forget_old_places(moved)


def forget_old_places(obj):
    """Drop Plone's redirects to ``obj`` and what it contains.

    Plone remembers where a moved object was and redirects its old address
    there; for a case that would tell anybody who tries the old address
    where a transferred or forwarded case went. Returns ``obj``.
    """
    storage = queryUtility(IRedirectionStorage)
    if storage is not None:
        stack = [obj]
        while stack:
            item = stack.pop()
            storage.destroy("/".join(item.getPhysicalPath()))
            stack.extend(getattr(item, "objectValues", list)())
    return obj


def faculties_folder():
    """``/faculties``, or None before the add-on is installed."""
    return api.portal.get().get(FACULTIES_ID)


def central_reception():
    """``/speakup``, or None before the add-on is installed."""
    return api.portal.get().get(RECEPTION_ID)


def get_faculty(code):
    """The Faculty with ``code``, or None. Not restricted by the user's
    permissions: faculty codes and names are not confidential."""
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Faculty", faculty=code):
        return brain._unrestrictedGetObject()
    return None


def faculty_choices(exclude=None):
    """``[{"code", "title"}]`` of all faculties by title, for forms."""
    catalog = api.portal.get_tool("portal_catalog")
    return [
        {"code": brain.faculty, "title": brain.Title}
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Faculty", sort_on="sortable_title"
        )
        if brain.faculty != exclude
    ]


def ensure_structure(portal):
    """Create ``/faculties`` and ``/speakup`` and the central groups if
    missing; safe to run again."""
    if FACULTIES_ID not in portal:
        folder = api.content.create(
            container=portal, type="Folder", id=FACULTIES_ID, title="Faculties"
        )
    folder = portal[FACULTIES_ID]
    # Faculty is globally allowed (the folder's own type must allow it) but
    # can be added nowhere else: its add permission is granted only here.
    folder.manage_permission(
        ADD_FACULTY, roles=["Manager", "Site Administrator"], acquire=False
    )
    # Everybody must reach the faculties inside (each faculty's own
    # workflow decides who sees it), so the folder itself is published.
    if api.content.get_state(folder, default=None) not in (None, "published"):
        api.content.transition(obj=folder, to_state="published")
    if not IFacultiesFolder.providedBy(folder):
        alsoProvides(folder, IFacultiesFolder)
        folder.reindexObject(idxs=["object_provides"])
    if RECEPTION_ID not in portal:
        # CentralReception is not addable through the UI (there is one), so
        # it is made without the allowed-types check.
        _createObjectByType(
            "CentralReception",
            portal,
            RECEPTION_ID,
            title="SpeakUp \N{EN DASH} central reception",
        )
        portal[RECEPTION_ID].reindexObject()
    reception = portal[RECEPTION_ID]
    _ensure_group(CENTRAL_RECEPTION_GROUP, "SpeakUp central reception")
    api.group.grant_roles(
        groupname=CENTRAL_RECEPTION_GROUP, roles=["CentralReceptionist"], obj=reception
    )
    _ensure_group(QUALITY_DIVISION_GROUP, "Education Quality Division")
    api.group.grant_roles(groupname=QUALITY_DIVISION_GROUP, roles=["QualityDivision"])


def _ensure_group(group_id, title):
    group = api.group.get(groupname=group_id)
    if group is None:
        group = api.group.create(groupname=group_id, title=title)
    return group


def ensure_faculty_groups(faculty):
    """The three groups of a faculty, with their roles on the faculty.

    Called when a faculty is added, so a new faculty works without anybody
    editing its sharing.
    """
    for suffix, role in FACULTY_GROUP_ROLES.items():
        group_id = faculty_group(faculty.code, suffix)
        _ensure_group(group_id, f"{faculty.Title()}: {GROUP_TITLES[suffix]}")
        api.group.grant_roles(groupname=group_id, roles=[role], obj=faculty)


def faculty_added(faculty, event):
    """Subscriber: give a new faculty its groups."""
    ensure_faculty_groups(faculty)
