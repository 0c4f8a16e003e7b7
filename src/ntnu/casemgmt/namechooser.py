"""Ids of cases are their case numbers, never derived from the title;
ids of faculties are their codes (``/faculties/ie``).

A title such as "Harassment by N.N." must not end up in URLs, logs and
e-mails, so inside faculties and the central reception a case is named
after its case number (``avvik-2026-00001``), however it was created
(Classic UI, plone.restapi or ``plone.api.content.create``).
"""

from ntnu.casemgmt.casenumber import assign_case_number
from ntnu.casemgmt.content.case import ICase
from ntnu.casemgmt.content.faculty import IFaculty
from plone.app.content.namechooser import NormalizingNameChooser


class CaseNameChooser(NormalizingNameChooser):
    """Name cases by case number, faculties by code; the rest as Plone does."""

    def chooseName(self, name, obj):
        if ICase.providedBy(obj):
            name = assign_case_number(obj).lower()
        elif IFaculty.providedBy(obj) and getattr(obj, "code", None):
            name = obj.code
        return super().chooseName(name, obj)
