"""A notification (whistleblowing) case between students, SPEC §3.

Who may read which field is said here, on the fields (plone.autoform's
``read_permission``), so the case page, plone.restapi (the case's JSON,
``@search`` with ``fullobjects``) and the case report PDF obey one rule:

* the notifier's identity (``notifier``, ``notifier_name``,
  ``notifier_email``): ``ntnu.casemgmt: View notifier identity`` — the
  central reception while it holds the case, the faculty's notification
  unit, Manager, the notifier, and a party only when the identity is not
  withheld (SPEC §6);
* what only the people handling the case see: ``ntnu.casemgmt: View case
  internals``;
* the findings (``summary``, ``outcome``): ``ntnu.casemgmt: View findings``
  — also the parties, not a notifier who is not a party.

The workflow maps the three permissions per state.
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from ntnu.casemgmt import _
from ntnu.casemgmt.content.case import CaseGuards
from ntnu.casemgmt.content.case import ICase
from ntnu.casemgmt.content.traversal import ConfidentialTraversal
from ntnu.casemgmt.core.validation import LINE_LENGTH
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.core.validation import TITLE_LENGTH
from ntnu.casemgmt.core.validation import user_exists
from ntnu.casemgmt.core.validation import users_exist
from ntnu.casemgmt.core.vocabularies import CHANNELS
from ntnu.casemgmt.core.vocabularies import NOTIFICATION_CATEGORIES
from ntnu.casemgmt.core.vocabularies import SEVERITIES
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.schema import Email
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


IDENTITY = "ntnu.casemgmt.ViewNotifierIdentity"
INTERNALS = "ntnu.casemgmt.ViewCaseInternals"
FINDINGS = "ntnu.casemgmt.ViewFindings"
SYSTEM = "cmf.ManagePortal"  # set by the add-on itself, not in forms


class INotificationCase(model.Schema):
    """Schema of a NotificationCase."""

    # What the notifier wrote is set once, when the case is made
    # (core/creation.py), and rewritten by nobody but a Manager; the
    # deadline changes only with its own action (core/deadline_change.py).
    directives.write_permission(
        title=SYSTEM,
        category=SYSTEM,
        event_description=SYSTEM,
        persons_involved=SYSTEM,
        witnesses=SYSTEM,
        previous_cases=SYSTEM,
        notifier_is_party=SYSTEM,
        anonymous=SYSTEM,
        deadline=SYSTEM,
    )
    title = schema.TextLine(
        title=_("Short summary"),
        description=_("Do not write names here."),
        required=True,
        max_length=TITLE_LENGTH,
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
        max_length=TEXT_LENGTH,
    )

    persons_involved = schema.Text(
        title=_("Who is involved"), required=False, max_length=TEXT_LENGTH
    )

    witnesses = schema.Text(
        title=_("Witnesses"), required=False, max_length=TEXT_LENGTH
    )

    directives.read_permission(previous_cases=INTERNALS)
    previous_cases = schema.Text(
        title=_("Earlier similar cases"),
        description=_("What you know of earlier cases of the same kind."),
        required=False,
        max_length=TEXT_LENGTH,
    )

    directives.read_permission(notifier_is_party=INTERNALS)
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

    # The notifier's identity: this is the one place it is kept (never the
    # case's creator, owner or catalog entry).
    directives.read_permission(
        notifier=IDENTITY, notifier_name=IDENTITY, notifier_email=IDENTITY
    )
    directives.write_permission(
        notifier=SYSTEM, notifier_name=SYSTEM, notifier_email=SYSTEM
    )
    directives.omitted("notifier", "notifier_name", "notifier_email")
    notifier = schema.TextLine(
        title=_("Notifier"),
        description=_("User id of a notifier who is not anonymous."),
        required=False,
        max_length=LINE_LENGTH,
    )

    notifier_name = schema.TextLine(
        title=_("Name of the notifier"),
        description=_("A notifier without an account, registered on their behalf."),
        required=False,
        max_length=LINE_LENGTH,
    )

    notifier_email = Email(
        title=_("E-mail of the notifier"),
        required=False,
    )

    case_number = schema.TextLine(title=_("Case number"), required=False, readonly=True)

    received = schema.Datetime(title=_("Received"), required=False, readonly=True)

    directives.read_permission(
        forward_deadline=INTERNALS, confirmation_deadline=INTERNALS, deadline=INTERNALS
    )
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

    deadline = schema.Date(
        title=_("Deadline"),
        description=_(
            "The unit's date for finishing the case; set when it is acknowledged."
        ),
        required=False,
    )

    directives.read_permission(
        severity=INTERNALS,
        channel=INTERNALS,
        external_committee=INTERNALS,
        parties=INTERNALS,
        responsible_manager=INTERNALS,
        hide_notifier_from_parties=INTERNALS,
        suitability_doubt=INTERNALS,
        immediate_measures=INTERNALS,
    )
    severity = schema.Choice(
        title=_("Severity"),
        vocabulary=SEVERITIES,
        required=False,
    )

    channel = schema.Choice(
        title=_("Received"),
        description=_("How the notification came in."),
        vocabulary=CHANNELS,
        required=False,
        default="online",
    )

    external_committee = schema.Bool(
        title=_("Sent to the external committee"),
        description=_("Sexual harassment cases go to the external committee first."),
        required=False,
        default=False,
    )

    directives.widget(case_officer="ntnu.casemgmt.browser.widgets.PeopleFieldWidget")
    case_officer = schema.TextLine(
        title=_("Case officer"),
        description=_("User id of the officer named to the notifier."),
        required=False,
        constraint=user_exists,
        max_length=LINE_LENGTH,
    )

    directives.widget(
        responsible_manager="ntnu.casemgmt.browser.widgets.PeopleFieldWidget"
    )
    responsible_manager = schema.TextLine(
        title=_("Responsible manager"),
        description=_("User id of the dean or head of department."),
        required=False,
        constraint=user_exists,
        max_length=LINE_LENGTH,
    )

    directives.widget(parties="ntnu.casemgmt.browser.widgets.PeopleFieldWidget")
    parties = schema.List(
        title=_("Parties"),
        description=_("User ids of the parties to the case."),
        value_type=schema.TextLine(max_length=LINE_LENGTH),
        required=False,
        default=[],
        max_length=50,
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

    immediate_measures = schema.Text(
        title=_("Immediate measures"), required=False, max_length=TEXT_LENGTH
    )

    form_answers = schema.Text(
        title=_("Other answers of the form"),
        description=_("Answers of an intake form that have no field of their own."),
        required=False,
        readonly=True,
    )

    # Conflict of interest (SPEC §3, §4): members of the unit named here get
    # no role on the case or its parts (core/roles.py) and no mail about it.
    directives.read_permission(excluded_officers=INTERNALS)
    directives.widget(
        excluded_officers="ntnu.casemgmt.browser.widgets.PeopleFieldWidget"
    )
    excluded_officers = schema.List(
        title=_("Excluded officers"),
        description=_(
            "User ids of members of the unit who must not see this case "
            "(conflict of interest)."
        ),
        value_type=schema.TextLine(max_length=LINE_LENGTH),
        required=False,
        default=[],
        max_length=50,
        constraint=users_exist,
    )

    # A second unit copied in (guide § 4.1.1: an employee's notification that
    # also concerns a student): its notification unit reads the case as a
    # consulted unit does (core/roles.py ``Consultee``).
    directives.read_permission(copied_units=INTERNALS)
    copied_units = schema.List(
        title=_("Units copied in"),
        description=_(
            "Faculties whose notification unit is copied in on this case; "
            "they read it and its shared documents."
        ),
        value_type=schema.Choice(vocabulary="ntnu.casemgmt.Faculties"),
        required=False,
        default=[],
        max_length=20,
    )

    directives.read_permission(summary=FINDINGS, outcome=FINDINGS)
    summary = schema.Text(
        title=_("Summary of the investigation"), required=False, max_length=TEXT_LENGTH
    )

    outcome = schema.Text(title=_("Outcome"), required=False, max_length=TEXT_LENGTH)

    # Retention (SPEC §11, retention/): only a Manager keeps a case beyond
    # its retention period; the people handling the case see that it is kept.
    directives.read_permission(legal_hold=INTERNALS)
    directives.write_permission(legal_hold=SYSTEM)
    legal_hold = schema.Bool(
        title=_("Legal hold"),
        description=_(
            "Keeps the closed case beyond its retention period: it is neither "
            "announced for anonymisation nor anonymised. Set by a Manager."
        ),
        required=False,
        default=False,
    )


@implementer(INotificationCase, ICase)
class NotificationCase(CaseGuards, ConfidentialTraversal, Container):
    """A notification case; holds measures, letters, documents, messages."""

    # Roles inside a case come from ntnu.casemgmt.core.roles only.
    __ac_local_roles_block__ = True

    # Who may read the severity changes with who may view the case
    # (reporting/catalog.py severity_readers).
    _cmf_security_indexes = ("allowedRolesAndUsers", "severity_readers")

    security = ClassSecurityInfo()

    # The notification workflow's guards ask these from restricted code;
    # whoever may fire a transition may view the case.
    @security.protected("View")
    def forward_refusal(self):
        """Why the case may not be forwarded now (SPEC §5), or ''."""
        from ntnu.casemgmt.notification.rules import forward_refusal

        return forward_refusal(self) or ""

    @security.protected("View")
    def for_committee(self):
        """True when the case is to go to the external committee."""
        return bool(getattr(self, "external_committee", False))


InitializeClass(NotificationCase)
