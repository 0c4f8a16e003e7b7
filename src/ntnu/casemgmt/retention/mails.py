"""The retention warning (SPEC §11): one mail per faculty reception
(deviations) or notification unit (notification cases; the central
reception for a case that never left it), listing the cases whose
retention ends within 30 days, in each recipient's language.

Not a row of SPEC §8, so not an ``Event`` of the processes' tables. Like
every mail it names case numbers and links, never what a case is about.
"""

from functools import partial
from ntnu.casemgmt import _
from ntnu.casemgmt.core import dates
from ntnu.casemgmt.core import mail
from ntnu.casemgmt.core.places import central_reception
from ntnu.casemgmt.core.places import faculty_of
from ntnu.casemgmt.core.roles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.core.roles import faculty_group


SUBJECT = _("Closed cases to be anonymised: ${place}")
BODY = _(
    "mail_retention_warning",
    default="The retention period of these closed cases of ${place} ends within "
    "30 days. When it has ended, and not before ${earliest}, each case is "
    "anonymised: its texts, files, messages, letters and the people named in "
    "it are removed; its case number, faculty, category, dates and states are "
    "kept for the statistics. A case that must be kept longer needs a legal "
    "hold, which a Manager sets on the case before then.\n\n"
    "Case number, end of retention, link:\n${lines}",
)


def recipients_of(case):
    """``(place, title, recipients)`` of the warning about ``case``: who
    receives it (``{"groups", "addresses"}`` for ``core.mail.send``) and
    the title of the place they answer for; one mail goes per place."""
    faculty = faculty_of(case)
    if case.portal_type == "Deviation":
        if faculty is None:
            return None
        return (
            ("deviation", faculty.code),
            faculty.title,
            {
                "groups": [faculty_group(faculty.code, "deviation-reception")],
                "addresses": [faculty.reception_email]
                if faculty.reception_email
                else [],
            },
        )
    if faculty is not None:
        return (
            ("notification", faculty.code),
            faculty.title,
            {"groups": [faculty_group(faculty.code, "notification-unit")]},
        )
    reception = central_reception()
    return (
        ("notification", "central"),
        reception.title,
        {
            "groups": [CENTRAL_RECEPTION_GROUP],
            "addresses": [reception.reception_email]
            if reception.reception_email
            else [],
        },
    )


def lines_text(lines, language):
    """The warning's list: a line per case, its end of retention written
    for a reader of ``language``.

    :param lines: ``(case_number, end, url)`` of each case
    :param language: the recipient's language code
    """
    return "\n".join(
        f"{number} · {dates.format_date(end, language)} · {url}"
        for number, end, url in lines
    )


class Warnings:
    """The warnings of one run, gathered per place and sent at its end."""

    def __init__(self):
        self.places = {}

    def add(self, case, end):
        """List ``case``, whose retention ends on ``end``, in the warning
        to its place. Who is excluded from the case (SPEC §4) is not
        mailed about it: such a case goes into a mail of its own."""
        found = recipients_of(case)
        if found is None:
            return
        place, title, recipients = found
        excluded = tuple(sorted(getattr(case, "excluded_officers", None) or ()))
        entry = self.places.setdefault(
            (place, excluded),
            {"title": title, "recipients": recipients, "lines": []},
        )
        entry["lines"].append((case.case_number, end, case.absolute_url()))

    def send(self, earliest):
        """Send one mail per place; ``earliest`` is the first day any of
        the cases may be anonymised. Returns the addresses mailed."""
        sent = []
        for (_place, excluded), entry in sorted(self.places.items()):
            sent += mail.send(
                SUBJECT,
                BODY,
                {
                    "place": entry["title"],
                    # in each recipient's language (core.mail.send)
                    "earliest": earliest,
                    "lines": partial(lines_text, sorted(entry["lines"])),
                },
                exclude=excluded,
                **entry["recipients"],
            )
        return sent
