"""Finding people to assign (SPEC §7 ``@users-search``, the person pickers).

Who may search: "staff who assign people", the users who hold, anywhere,
one of ``STAFF_ROLES``. The check is cheap and needs no walk over the site:
the roles given by a group (a faculty's reception, line managers and
notification unit, the central reception, the quality division) are read
from the user's groups; the global ones (Manager, Site Administrator,
QualityDivision) from the user; the derived ones from the catalog (the
``case_worker`` index names a deviation's case worker and a notification
case's case officer) and, for a responsible manager, from the few
notification cases the user may see. Anybody else (a student, a reporter, a
party) finds nobody: the directory of the university is not theirs to
browse.

The same rule and the same answers serve the REST service
(``services/users_search``) and the pickers of the forms (the vocabulary
``ntnu.casemgmt.People``, served by plone.app.content's ``@@getVocabulary``).
"""

from ntnu.casemgmt.core.places import faculty_choices
from ntnu.casemgmt.core.roles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.core.roles import FACULTY_GROUP_ROLES
from ntnu.casemgmt.core.roles import QUALITY_DIVISION_GROUP
from plone import api
from zExceptions import Forbidden
from zope.interface import implementer
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.interfaces import IVocabularyTokenized
from zope.schema.vocabulary import SimpleTerm


#: The roles of the people who assign people to cases and their parts.
STAFF_ROLES = frozenset({
    "DeviationReceptionist",
    "DeviationCaseWorker",
    "LineManager",
    "CentralReceptionist",
    "NotificationOfficer",
    "ResponsibleManager",
    "QualityDivision",
    "Manager",
})

#: Global roles that make a user staff (Site Administrator runs the site).
GLOBAL_STAFF_ROLES = frozenset({"Manager", "Site Administrator", "QualityDivision"})

#: The central groups that give a staff role.
CENTRAL_STAFF_GROUPS = frozenset({CENTRAL_RECEPTION_GROUP, QUALITY_DIVISION_GROUP})

MIN_QUERY = 2
MAX_QUERY = 100
MAX_RESULTS = 20

#: How many notification cases the user may see are looked at for a
#: responsible manager (a manager sees few; a student's own are skipped
#: after this many).
MAX_CASES_LOOKED_AT = 50

UNIT_SUFFIX = "-notification-unit"


class NotStaff(Exception):
    """The user does not assign people (a 403)."""


class QueryError(ValueError):
    """A search text that is too short or too long; names the parameter."""

    field = "q"


def _group_gives_staff_role(group_id):
    if group_id in CENTRAL_STAFF_GROUPS:
        return True
    return any(group_id.endswith(f"-{suffix}") for suffix in FACULTY_GROUP_ROLES)


def _is_named_responsible_manager(user_id):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="NotificationCase", allowedRolesAndUsers=f"user:{user_id}"
    )
    for brain in brains[:MAX_CASES_LOOKED_AT]:
        case = brain._unrestrictedGetObject()
        if getattr(case, "responsible_manager", None) == user_id:
            return True
    return False


def may_assign_people(user=None):
    """Does ``user`` (default: the current user) hold a role of
    ``STAFF_ROLES`` anywhere (see the module docstring)?"""
    if user is None:
        if api.user.is_anonymous():
            return False
        user = api.user.get_current()
    if user is None:
        return False
    if GLOBAL_STAFF_ROLES.intersection(user.getRoles()):
        return True
    groups = user.getGroups() if hasattr(user, "getGroups") else ()
    if any(_group_gives_staff_role(group) for group in groups or ()):
        return True
    user_id = user.getId()
    catalog = api.portal.get_tool("portal_catalog")
    if catalog.unrestrictedSearchResults(case_worker=user_id, sort_limit=1)[:1]:
        return True
    return _is_named_responsible_manager(user_id)


def check_query(text):
    """The search text, stripped.

    :raises QueryError: not text, shorter than ``MIN_QUERY`` or longer than
        ``MAX_QUERY`` characters.
    """
    if not isinstance(text, str):
        raise QueryError("q: give the text to search for once, as text.")
    text = text.strip()
    if len(text) < MIN_QUERY:
        raise QueryError(f"q: give at least {MIN_QUERY} characters.")
    if len(text) > MAX_QUERY:
        raise QueryError(f"q: give at most {MAX_QUERY} characters.")
    return text


def _faculty_titles():
    return {f["code"]: f["title"] for f in faculty_choices()}


def describe_user(user, faculties=None):
    """``{"id", "title", "faculty", "faculty_title"}`` of a user."""
    faculties = _faculty_titles() if faculties is None else faculties
    code = user.getProperty("faculty", "") or ""
    return {
        "id": user.getId(),
        "title": user.getProperty("fullname", "") or user.getId(),
        "faculty": code,
        "faculty_title": faculties.get(code, code),
    }


def _candidate_ids(text):
    """User ids that the user sources find for ``text`` by id, login, full
    name or e-mail (each source decides how; the caller checks)."""
    acl_users = api.portal.get_tool("acl_users")
    found = []
    for criterion in ("id", "login", "fullname", "email"):
        for info in acl_users.searchUsers(
            **{criterion: text}, exact_match=False, max_results=200
        ):
            user_id = info.get("userid") or info.get("id")
            if user_id and user_id not in found:
                found.append(user_id)
    return found


def _matches(text, *values):
    return any(text in (value or "").lower() for value in values)


def search_users(text, limit=MAX_RESULTS):
    """The users whose id, full name or e-mail contains ``text``
    (case-insensitive), by name, at most ``limit``."""
    text = text.lower()
    faculties = _faculty_titles()
    result = []
    for user_id in _candidate_ids(text):
        user = api.user.get(userid=user_id)
        if user is None:
            continue
        if _matches(
            text,
            user_id,
            user.getProperty("fullname", ""),
            user.getProperty("email", ""),
        ):
            result.append(describe_user(user, faculties))
    result.sort(key=lambda item: (item["title"].lower(), item["id"]))
    return result[:limit]


def unit_groups():
    """``{"id", "title", "faculty", "faculty_title", "group": True}`` of
    each faculty's notification unit (a hearing may consult a unit)."""
    result = []
    for faculty in faculty_choices():
        group_id = f"{faculty['code']}{UNIT_SUFFIX}"
        group = api.group.get(groupname=group_id)
        if group is None:
            continue
        result.append({
            "id": group_id,
            "title": group.getProperty("title", "") or group_id,
            "faculty": faculty["code"],
            "faculty_title": faculty["title"],
            "group": True,
        })
    return result


def search_unit_groups(text, limit=MAX_RESULTS):
    """The notification units whose id, title or faculty matches ``text``."""
    text = text.lower()
    return [
        group
        for group in unit_groups()
        if _matches(text, group["id"], group["title"], group["faculty_title"])
    ][:limit]


def search(text, groups=False, limit=MAX_RESULTS):
    """What the pickers offer for ``text``: matching users, and with
    ``groups`` the matching notification units, at most ``limit`` of each.

    :raises QueryError: the text is too short or too long.
    :raises NotStaff: the current user does not assign people.
    """
    if not may_assign_people():
        raise NotStaff("Only staff who assign people to cases may search for people.")
    text = check_query(text)
    items = search_users(text, limit)
    if groups:
        items += search_unit_groups(text, limit)
    return items


def label(item):
    """What a picker shows: the name and the faculty."""
    if item.get("faculty_title"):
        return f"{item['title']} ({item['faculty_title']})"
    return item["title"]


def describe_principal(principal_id):
    """The picker's item of a user or group id, or None if neither exists."""
    user = api.user.get(userid=principal_id)
    if user is not None:
        return describe_user(user)
    group = api.group.get(groupname=principal_id)
    if group is not None:
        return {
            "id": principal_id,
            "title": group.getProperty("title", "") or principal_id,
            "faculty": "",
            "faculty_title": "",
            "group": True,
        }
    return None


def _term(item):
    return SimpleTerm(value=item["id"], token=item["id"], title=label(item))


@implementer(IVocabularyTokenized)
class PeopleVocabulary:
    """The people (and notification units) a picker may offer.

    It lists nobody (never a list of all users): ``search`` answers a
    query of staff who assign people, and the terms of ids already chosen
    are found by ``getTerm``/``getTermByToken`` to show their names.
    """

    def __init__(self, groups=True):
        self.groups = groups

    def search(self, query):
        """Terms matching ``query`` (``@@getVocabulary`` calls this).

        :raises Forbidden: the current user does not assign people.
        """
        try:
            items = search(query, groups=self.groups)
        except QueryError:
            return []
        except NotStaff as exc:
            # a 403 page; ``Unauthorized`` would send a signed-in user to
            # Plone's "insufficient privileges" page, with 200
            raise Forbidden(str(exc)) from None
        return [_term(item) for item in items]

    def getTerm(self, value):
        item = describe_principal(value) if isinstance(value, str) else None
        if item is None or (item.get("group") and not self.groups):
            raise LookupError(value)
        return _term(item)

    def getTermByToken(self, token):
        return self.getTerm(token)

    def __contains__(self, value):
        try:
            self.getTerm(value)
        except LookupError:
            return False
        return True

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0


@provider(IVocabularyFactory)
def people(context=None):
    """The vocabulary ``ntnu.casemgmt.People``: users."""
    return PeopleVocabulary(groups=False)


@provider(IVocabularyFactory)
def people_and_units(context=None):
    """The vocabulary ``ntnu.casemgmt.PeopleAndUnits``: users and the
    notification units (a hearing's participants)."""
    return PeopleVocabulary(groups=True)


#: Vocabularies the person pickers query through ``@@getVocabulary`` on the
#: navigation root.
VOCABULARIES = ("ntnu.casemgmt.People", "ntnu.casemgmt.PeopleAndUnits")


def allow_lookup():
    """Let plone.app.content's ``@@getVocabulary`` serve the pickers'
    vocabularies on the navigation root. It serves a vocabulary not in its
    ``PERMISSIONS`` only for a field of the context's schema, which the
    transition form's case worker is not; "View" lets the request reach
    ``PeopleVocabulary.search``, which applies the staff rule itself."""
    from plone.app.content.browser import vocabulary

    for name in VOCABULARIES:
        vocabulary.PERMISSIONS.setdefault(name, "View")


allow_lookup()
