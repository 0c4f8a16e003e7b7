"""Ids of cases are their case numbers, never derived from the title; ids
of their parts are their kind and a number (``document-2``); ids of
faculties are their codes (``/faculties/ie``).

A title such as "Harassment by N.N." must not end up in URLs, logs and
e-mails, so inside faculties and the central reception a case is named
after its case number (``avvik-2026-00001``), however it was created
(Classic UI, plone.restapi or ``plone.api.content.create``).
"""

from ntnu.casemgmt.content.case import ICase
from ntnu.casemgmt.content.case import ICasePart
from ntnu.casemgmt.content.faculty import IFaculty
from ntnu.casemgmt.core.casenumbers import assign_case_number
from plone.app.content.namechooser import NormalizingNameChooser


#: Names of the parts of a case: a title such as "Interview with N.N."
#: must not end up in URLs and logs either.
PART_NAMES = {
    "Measure": "measure",
    "Letter": "letter",
    "Hearing": "hearing",
    "CaseDocument": "document",
    "CaseMessage": "message",
}


def part_id(case, portal_type):
    """The next free id of a part of ``portal_type`` in ``case``."""
    prefix = PART_NAMES.get(portal_type, "part")
    taken, number = set(case.objectIds()), 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"


class CaseNameChooser(NormalizingNameChooser):
    """Name cases by case number, their parts by kind, faculties by code;
    the rest as Plone does."""

    def chooseName(self, name, obj):
        if ICase.providedBy(obj):
            name = assign_case_number(obj).lower()
        elif ICasePart.providedBy(obj):
            return part_id(self.context, obj.portal_type)
        elif IFaculty.providedBy(obj) and getattr(obj, "code", None):
            name = obj.code
        return super().chooseName(name, obj)
