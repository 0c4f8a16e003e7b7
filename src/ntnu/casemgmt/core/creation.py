"""Making cases: the one way a Deviation or a NotificationCase comes into
being (SPEC §4: never through Plone's generic "Add", whose permission
nobody has).

``@report-deviation``, ``@notify`` and their forms, the intake-form
actions and the re-registration of a deviation all come here, after they
have checked that the person may report or notify.
"""

from ntnu.casemgmt.core.security import as_system
from plone.dexterity.utils import createContent
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.services.content.utils import add
from zope.component import queryMultiAdapter
from zope.event import notify
from zope.lifecycleevent import ObjectCreatedEvent


def create_case(container, portal_type, data, request):
    """Create a case of ``portal_type`` in ``container`` from JSON ``data``
    as the current user.

    :param container: a Faculty or the CentralReception.
    :param portal_type: ``Deviation`` or ``NotificationCase``.
    :param data: the case's fields as JSON values, already limited to what
        the caller lets its user set (also fields nobody may change later,
        such as the report's own text).
    :returns: the new case, in ``container``, named after its case number.
    :raises zExceptions.BadRequest: invalid values (plone.restapi's
        validation), before anything is added.
    :raises ntnu.casemgmt.rest.errors.RequestRefused: values of a wrong type or
        size (``ntnu.casemgmt.rest.deserializer``), before anything is added.
    """
    case = createContent(portal_type)
    deserializer = queryMultiAdapter(
        (case.__of__(container), request), IDeserializeFromJson
    )
    # What the reporter or notifier wrote is theirs: its fields' write
    # permission is the system's (content/*.py), so the add-on sets them
    # here, once; the caller limited ``data`` to what its user may give.
    # Only the values are set as the system: the case is still made and
    # added by the user (its creator and owner).
    with as_system():
        deserializer(validate_all=True, data=data, create=True)
    if not getattr(deserializer, "notifies_create", False):
        notify(ObjectCreatedEvent(case))
    return add(container, case)
