"""How dates are written for a reader (issue 17), the one home of the rule.

Norwegian readers (``nb``, also ``no`` and ``nn``) read ``dd.mm.yyyy``,
times ``dd.mm.yyyy kl. HH:MM`` and months ``mm.yyyy``; everyone else reads
ISO 8601 (``yyyy-mm-dd``, ``yyyy-mm-dd HH:MM``, ``yyyy-mm``). Only what
people read is written so: REST/JSON, CSV and the archive export keep ISO
and do not come here.

The functions take a language code: on pages that of the request
(``browser/dates.py``, :func:`language_of`), in mails and letters the
recipient's (``core/mail.py`` with :func:`localized`).
"""

from datetime import date
from datetime import datetime
from plone import api


#: The language codes that read Norwegian dates.
NORWEGIAN = ("nb", "no", "nn")

#: ``strftime`` patterns by kind, Norwegian and ISO.
PATTERNS = {
    "date": ("%d.%m.%Y", "%Y-%m-%d"),
    "datetime": ("%d.%m.%Y kl. %H:%M", "%Y-%m-%d %H:%M"),
}


def is_norwegian(language):
    """True when ``language`` (a code such as ``nb``, ``nb-NO``, ``en``)
    reads Norwegian dates.

    :param language: a language code, or None
    """
    return (language or "")[:2].lower() in NORWEGIAN


def language_of(request):
    """The language ``request`` is answered in (its negotiated
    ``LANGUAGE``, else the portal's current one); "" when unknown.

    :param request: the current request
    """
    return request.get("LANGUAGE") or api.portal.get_current_language() or ""


def _pattern(kind, language):
    norwegian, iso = PATTERNS[kind]
    return norwegian if is_norwegian(language) else iso


def _parsed(value):
    """``value`` as a ``date``/``datetime`` (an ISO text is read), or as
    given when it already writes itself (a Zope ``DateTime``)."""
    if isinstance(value, str):
        return (
            datetime.fromisoformat(value)
            if "T" in value
            else date.fromisoformat(value[:10])
        )
    return value


def format_date(day, language):
    """``day`` as the reader writes a date; "" for none.

    :param day: a ``date``, ``datetime`` (its day), Zope ``DateTime``,
        ISO text (``YYYY-MM-DD…``) or None
    :param language: the reader's language code
    :raises ValueError: a text that is no ISO date
    """
    if not day:
        return ""
    return _parsed(day).strftime(_pattern("date", language))


def format_datetime(when, language):
    """``when`` as the reader writes a point in time (to the minute); a
    plain ``date`` as a date; "" for none.

    :param when: a ``datetime``, Zope ``DateTime``, ``date``, ISO text or
        None
    :param language: the reader's language code
    :raises ValueError: a text that is no ISO date
    """
    if not when:
        return ""
    when = _parsed(when)
    if isinstance(when, date) and not isinstance(when, datetime):
        return format_date(when, language)
    return when.strftime(_pattern("datetime", language))


def format_month(month, language):
    """A month ``YYYY-MM`` as the reader writes it (``mm.yyyy`` in
    Norwegian); "" for none.

    :param month: ``YYYY-MM`` text or None
    :param language: the reader's language code
    """
    if not month:
        return ""
    if not is_norwegian(language):
        return month
    year, number = month.split("-")
    return f"{number}.{year}"


def localized(mapping, language):
    """The values of a message's ``mapping`` as a reader of ``language``
    reads them: dates and times written by the rule above, callables
    (texts with dates inside, such as a list of cases) called with the
    language; other values as they are.

    :param mapping: the placeholders of a mail or a letter
    :param language: the reader's language code
    """
    result = {}
    for key, value in mapping.items():
        if isinstance(value, datetime):
            value = format_datetime(value, language)
        elif isinstance(value, date):
            value = format_date(value, language)
        elif callable(value):
            value = value(language)
        result[key] = value
    return result
