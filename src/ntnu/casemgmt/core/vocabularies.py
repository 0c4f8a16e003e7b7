"""Vocabularies of SPEC §3: fixed value lists with translatable titles.

The token and value of every term is the id that REST clients send and
receive; only the title is shown to people and translated.
"""

from Acquisition import aq_chain
from Acquisition import aq_inner
from ntnu.casemgmt import _
from plone import api
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


def _vocabulary(items):
    """Build a vocabulary from ``(value, title)`` pairs."""
    return SimpleVocabulary([
        SimpleTerm(value=value, token=value, title=title) for value, title in items
    ])


DEVIATION_CATEGORIES = _vocabulary([
    ("teaching", _("Teaching")),
    ("supervision", _("Supervision")),
    ("assessment", _("Assessment and examination")),
    ("study_programme", _("Study programme")),
    ("learning_environment_physical", _("Physical learning environment")),
    ("learning_environment_psychosocial", _("Psychosocial learning environment")),
    ("information_administration", _("Information and administration")),
    ("other", _("Other")),
])

REPORTER_ROLES = _vocabulary([
    ("student", _("Student")),
    ("staff", _("Staff")),
])

NOTIFICATION_CATEGORIES = _vocabulary([
    ("bullying", _("Bullying")),
    ("harassment", _("Harassment")),
    ("sexual_harassment", _("Sexual harassment")),
    ("grossly_disruptive", _("Grossly disruptive behaviour")),
    ("retaliation", _("Retaliation")),
    ("other", _("Other")),
])

SEVERITIES = _vocabulary([
    ("low", _("Low")),
    ("medium", _("Medium")),
    ("high", _("High")),
    ("critical", _("Critical")),
])

CHANNELS = _vocabulary([
    ("online", _("Online")),
    ("oral", _("Orally")),
    ("letter", _("By letter")),
    ("email", _("By e-mail")),
    ("phone", _("By phone")),
])

MEASURE_KINDS = _vocabulary([
    ("corrective", _("Corrective measure")),
    ("preventive", _("Preventive measure")),
    ("clarification", _("Clarification")),
    ("counselling", _("Counselling")),
    ("written_warning", _("Written warning")),
    ("expulsion", _("Expulsion")),
    ("exclusion", _("Exclusion")),
    ("it_exclusion", _("Exclusion from IT services")),
    ("other", _("Other")),
])

LETTER_TEMPLATES = _vocabulary([
    ("receipt_confirmation", _("Receipt confirmation")),
    ("summons_notifier", _("Summons to interview (notifier)")),
    ("summons_accused", _("Summons to interview (accused)")),
    ("written_warning", _("Written warning")),
    ("advance_notice_expulsion", _("Advance notice of expulsion")),
    ("warning_violation_expulsion", _("Warning for violating an expulsion decision")),
    ("exclusion_notice", _("Notice of exclusion")),
    ("appeals_committee_decision", _("Decision of the Appeals Committee")),
    ("preliminary_reply", _("Preliminary reply")),
    ("rejection_notice", _("Rejection notice")),
    ("closure_notice", _("Closure notice")),
    ("identity_access_decision", _("Decision on access to the notifier's identity")),
])

#: The letters of a deviation (SPEC §3); a notification case offers the others.
DEVIATION_LETTER_TEMPLATES = ("preliminary_reply", "rejection_notice", "closure_notice")

#: The vocabulary of ``Letter.template`` by the type of the case it is in.
LETTER_TEMPLATES_OF = {
    "Deviation": SimpleVocabulary([
        term for term in LETTER_TEMPLATES if term.value in DEVIATION_LETTER_TEMPLATES
    ]),
    "NotificationCase": SimpleVocabulary([
        term
        for term in LETTER_TEMPLATES
        if term.value not in DEVIATION_LETTER_TEMPLATES
    ]),
}

DOCUMENT_VISIBILITY = _vocabulary([
    ("party", _("Visible to the parties")),
    ("internal", _("Internal (exempt from the parties' access)")),
])

MESSAGE_AUTHOR_KINDS = _vocabulary([
    ("notifier", _("Notifier")),
    ("party", _("Party")),
    ("officer", _("Case officer")),
])

#: Who handed in a case document (SPEC §3 ``CaseDocument.source``).
DOCUMENT_SOURCES = _vocabulary([
    ("officer", _("Case officer")),
    ("notifier", _("Notifier")),
    ("party", _("Party")),
])


@provider(IVocabularyFactory)
def faculties(context):
    """The faculties of the site, by code, titled with their names.

    Read from the catalog without a security filter: faculty names and codes
    are not confidential, and an anonymous notifier must be able to name the
    faculty of the accused.
    """
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Faculty", sort_on="sortable_title"
    )
    terms = []
    seen = set()
    for brain in brains:
        code = brain.faculty
        if not code or code in seen:
            continue
        seen.add(code)
        terms.append(SimpleTerm(value=code, token=code, title=brain.Title or code))
    return SimpleVocabulary(terms)


@provider(IVocabularyFactory)
def letter_templates(context):
    """The templates a letter in ``context`` may have: those of its case's
    process (SPEC §3). ``context`` is the case (the add form), a letter in
    it (the edit form, the REST deserializer) or anything else (every
    template: their titles are no secret)."""
    for item in aq_chain(aq_inner(context)) if context is not None else ():
        vocabulary = LETTER_TEMPLATES_OF.get(getattr(item, "portal_type", None))
        if vocabulary is not None:
            return vocabulary
    return LETTER_TEMPLATES
