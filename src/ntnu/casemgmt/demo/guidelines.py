"""Demo guideline pages for the ``ntnu.casemgmt:demo`` profile.

Four pages, each in Norwegian bokmål (``-nb``) and English (``-en``). They
summarise, in our own words, the procedures in ``seeds/``: reporting a
deviation, the faculty's handling of deviations, notifying censurable
conditions, and the guide for faculty notification units. Each page's text is
``texts/<id>.html`` beside this module, using only h2, h3, p, ul, ol, li,
strong and links to the other pages by their id.
"""

from pathlib import Path


TEXTS = Path(__file__).parent / "texts"

PAGES = [
    {
        "id": "report-deviation-nb",
        "language": "nb",
        "title": "Slik melder du avvik i utdanning og læringsmiljø",
        "description": (
            "Veiledning for studenter og ansatte som vil melde et avvik i "
            "utdanningskvalitet eller læringsmiljø i portalen."
        ),
        "decided_by": "Leder for Avdeling for utdanningskvalitet",
        "valid_from": "2025-01-01",
        "other_language": "report-deviation-en",
    },
    {
        "id": "report-deviation-en",
        "language": "en",
        "title": "How to report a deviation in education and learning environment",
        "description": (
            "Guidance for students and staff who want to report a deviation in "
            "education quality or learning environment in the portal."
        ),
        "decided_by": "Head of the Education Quality Division",
        "valid_from": "2025-01-01",
        "other_language": "report-deviation-nb",
    },
    {
        "id": "handle-deviation-nb",
        "language": "nb",
        "title": "Slik håndterer fakultetene avviksmeldinger",
        "description": (
            "Fremgangsmåte for meldingsansvarlig og behandler når et avvik i "
            "utdanning eller læringsmiljø er meldt til fakultetet."
        ),
        "decided_by": "Leder for Avdeling for utdanningskvalitet",
        "valid_from": "2025-01-01",
        "other_language": "handle-deviation-en",
    },
    {
        "id": "handle-deviation-en",
        "language": "en",
        "title": "How faculties handle deviation reports",
        "description": (
            "Procedure for reception officers and case workers when a deviation in "
            "education or learning environment has been reported to the faculty."
        ),
        "decided_by": "Head of the Education Quality Division",
        "valid_from": "2025-01-01",
        "other_language": "handle-deviation-nb",
    },
    {
        "id": "notify-nb",
        "language": "nb",
        "title": "Varsling om kritikkverdige forhold",
        "description": (
            "Hvordan studenter, ansatte og andre kan varsle om mobbing, "
            "trakassering og andre alvorlige forhold, og hvilke rettigheter de har."
        ),
        "decided_by": "Prorektor for utdanning",
        "valid_from": "2025-01-01",
        "other_language": "notify-en",
    },
    {
        "id": "notify-en",
        "language": "en",
        "title": "Notifying censurable conditions",
        "description": (
            "How students, staff and others can notify bullying, harassment and "
            "other serious conditions, and what rights they have."
        ),
        "decided_by": "Pro-Rector for Education",
        "valid_from": "2025-01-01",
        "other_language": "notify-nb",
    },
    {
        "id": "notification-units-nb",
        "language": "nb",
        "title": "Veileder for fakultetenes varslingsmottak",
        "description": (
            "Veiledning for fakultetenes varslingsmottak i saker om mobbing, "
            "trakassering og grovt forstyrrende oppførsel mellom studenter."
        ),
        "decided_by": "Prorektor for utdanning",
        "valid_from": "2025-01-01",
        "other_language": "notification-units-en",
    },
    {
        "id": "notification-units-en",
        "language": "en",
        "title": "Guide for faculty notification units",
        "description": (
            "Guidance for the faculties' notification units in cases of bullying, "
            "harassment and grossly disruptive behaviour between students."
        ),
        "decided_by": "Pro-Rector for Education",
        "valid_from": "2025-01-01",
        "other_language": "notification-units-nb",
    },
]


def text(page):
    """The HTML of ``page``, one of ``PAGES``."""
    return (TEXTS / f"{page['id']}.html").read_text(encoding="utf-8")


#: the pages with their text
GUIDELINES = [{**page, "text": text(page)} for page in PAGES]
