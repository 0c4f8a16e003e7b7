"""Dates on the reporting pages in the reader's language: ``dd.mm.yyyy``
(months ``mm.yyyy``) on Norwegian pages, ISO 8601 otherwise."""

from plone import api


NORWEGIAN = ("nb", "no", "nn")


def is_norwegian(request):
    """True when ``request`` is answered in Norwegian.

    :param request: the current request (its negotiated ``LANGUAGE``)
    """
    language = request.get("LANGUAGE") or api.portal.get_current_language() or ""
    return language[:2] in NORWEGIAN


def format_date(day, request):
    """``day`` (a date, or an ISO text) as written on the reader's pages;
    "" for none.

    :param day: a ``date``, ``YYYY-MM-DD`` text or None
    :param request: the current request
    """
    if not day:
        return ""
    text = day if isinstance(day, str) else day.isoformat()
    if not is_norwegian(request):
        return text
    year, month, rest = text[:10].split("-")
    return f"{rest}.{month}.{year}"


def format_month(month, request):
    """``YYYY-MM`` as written on the reader's pages (``mm.yyyy`` in
    Norwegian); "" for none."""
    if not month:
        return ""
    if not is_norwegian(request):
        return month
    year, number = month.split("-")
    return f"{number}.{year}"
