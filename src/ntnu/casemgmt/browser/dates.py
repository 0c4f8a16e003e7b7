"""Dates on the pages in the reader's language (issue 17): the rule of
``core/dates.py`` (``dd.mm.yyyy`` in Norwegian, ISO 8601 otherwise) with the
language the request is answered in.

Views show dates through :class:`Dates` (``view/date_text``,
``view/time_text`` in their templates); what a form's widget holds (an
``<input type="date">``) stays ISO.
"""

from ntnu.casemgmt.core import dates
from ntnu.casemgmt.core.dates import language_of


def is_norwegian(request):
    """True when ``request`` is answered in Norwegian.

    :param request: the current request (its negotiated ``LANGUAGE``)
    """
    return dates.is_norwegian(language_of(request))


def format_date(day, request):
    """``day`` (a date, datetime, Zope DateTime or ISO text) as written on
    the reader's pages; "" for none.

    :param day: the day, or None
    :param request: the current request
    """
    return dates.format_date(day, language_of(request))


def format_datetime(when, request):
    """``when`` (a datetime, Zope DateTime or ISO text) to the minute as
    written on the reader's pages; "" for none.

    :param when: the point in time, or None
    :param request: the current request
    """
    return dates.format_datetime(when, language_of(request))


def format_month(month, request):
    """``YYYY-MM`` as written on the reader's pages (``mm.yyyy`` in
    Norwegian); "" for none.

    :param month: ``YYYY-MM`` text, or None
    :param request: the current request
    """
    return dates.format_month(month, language_of(request))


class Dates:
    """A view's dates for its template: ``view/date_text`` and
    ``view/time_text`` (``python:view.date_text(case.deadline)``)."""

    def date_text(self, day):
        """``day`` as the reader writes a date ("" for none)."""
        return format_date(day, self.request)

    def time_text(self, when):
        """``when`` as the reader writes a time of day with its date."""
        return format_datetime(when, self.request)
