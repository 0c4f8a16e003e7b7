"""A notification (whistleblowing) case between students, SPEC §3."""

from ntnu.casemgmt import _
from ntnu.casemgmt.content.case import ICase
from ntnu.casemgmt.validation import user_exists
from ntnu.casemgmt.validation import users_exist
from ntnu.casemgmt.vocabularies import NOTIFICATION_CATEGORIES
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class INotificationCase(model.Schema):
    """Schema of a NotificationCase."""

    title = schema.TextLine(
        title=_("Short summary"),
        description=_("Do not write names here."),
        required=True,
    )

    category = schema.Choice(
        title=_("Category"),
        vocabulary=NOTIFICATION_CATEGORIES,
        required=True,
    )

    event_description = schema.Text(
        title=_("What happened"),
        description=_("What happened, where and when."),
        required=True,
    )

    persons_involved = schema.Text(title=_("Who is involved"), required=False)

    witnesses = schema.Text(title=_("Witnesses"), required=False)

    previous_cases = schema.Text(
        title=_("Earlier similar cases"),
        description=_("What you know of earlier cases of the same kind."),
        required=False,
    )

    notifier_is_party = schema.Bool(
        title=_("The notifier is a party to the case"),
        description=_(
            "A party has the right to see the case documents that are not internal."
        ),
        required=False,
        default=False,
    )

    anonymous = schema.Bool(
        title=_("Anonymous notification"),
        description=_("No identity of the notifier is stored."),
        required=False,
        default=False,
    )

    accused_faculty = schema.Choice(
        title=_("Faculty of the accused student"),
        description=_("The case is forwarded to this faculty."),
        vocabulary="ntnu.casemgmt.Faculties",
        required=False,
    )

    case_number = schema.TextLine(
        title=_("Case number"), required=False, readonly=True
    )

    received = schema.Datetime(title=_("Received"), required=False, readonly=True)

    forward_deadline = schema.Date(
        title=_("Forward deadline"),
        description=_("Five working days after receipt."),
        required=False,
        readonly=True,
    )

    confirmation_deadline = schema.Date(
        title=_("Confirmation deadline"),
        description=_("One week after the faculty received the case."),
        required=False,
    )

    external_committee = schema.Bool(
        title=_("Sent to the external committee"),
        description=_("Sexual harassment cases go to the external committee first."),
        required=False,
        default=False,
    )

    case_officer = schema.TextLine(
        title=_("Case officer"),
        description=_("User id of the officer named to the notifier."),
        required=False,
        constraint=user_exists,
    )

    responsible_manager = schema.TextLine(
        title=_("Responsible manager"),
        description=_("User id of the dean or head of department."),
        required=False,
        constraint=user_exists,
    )

    parties = schema.List(
        title=_("Parties"),
        description=_("User ids of the parties to the case."),
        value_type=schema.TextLine(),
        required=False,
        default=[],
        constraint=users_exist,
    )

    hide_notifier_from_parties = schema.Bool(
        title=_("Withhold the notifier's identity from the parties"),
        required=False,
        default=False,
    )

    suitability_doubt = schema.Bool(
        title=_("Doubt of suitability raised"),
        required=False,
        default=False,
    )

    immediate_measures = schema.Text(title=_("Immediate measures"), required=False)

    form_answers = schema.Text(
        title=_("Other answers of the form"),
        description=_("Answers of an intake form that have no field of their own."),
        required=False,
        readonly=True,
    )

    # Hidden from a notifier who is not a party (SPEC §6): plone.restapi and
    # the forms leave out fields the user may not read.
    directives.read_permission(summary="ntnu.casemgmt.ViewFindings")
    summary = schema.Text(title=_("Summary of the investigation"), required=False)

    directives.read_permission(outcome="ntnu.casemgmt.ViewFindings")
    outcome = schema.Text(title=_("Outcome"), required=False)


@implementer(INotificationCase, ICase)
class NotificationCase(Container):
    """A notification case; holds measures, letters, documents, messages."""

    # Roles inside a case come from ntnu.casemgmt.localroles only.
    __ac_local_roles_block__ = True
