"""The staff's case list (issue 17): ``@cases`` with ``q``, ``category``,
``case_worker``, ``sort_on`` and ``sort_order`` (SPEC §7), the
``@@case-list`` page and its CSV download, over HTTP as each kind of user;
the text search is no oracle for a field the user may not read."""

from datetime import date
from datetime import timedelta
from helpers import Client
from helpers import DEVIATION
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.reporting.caselist import as_csv
from ntnu.casemgmt.reporting.caselist import cell
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from test_notification_security import make_notification
from zope.globalrequest import getRequest

import csv
import io
import pytest
import transaction


HTML = {"Accept": "text/html"}
#: a word of the text of the approved case only
TEXT_WORD = "zqlaboratoryx"
#: a word of an internal field of the notification cases only
INTERNAL_WORD = "zqinternalmeasurex"


@pytest.fixture
def site(demo_functional):
    """In ie: an approved deviation (overdue, assigned to caseworker-ie,
    with ``TEXT_WORD``), a closed one, a submitted one whose title starts
    with "=", a submitted one in nv; notification cases about ie, one
    forwarded and one still at the central reception, with
    ``INTERNAL_WORD`` in an internal field."""
    portal = demo_functional["portal"]
    reports = [
        ("ie", dict(DEVIATION, event_description=f"The {TEXT_WORD} was closed.")),
        ("ie", dict(DEVIATION, category="teaching")),
        ("ie", DEVIATION),
        ("nv", DEVIATION),
    ]
    cases = []
    for faculty, report in reports:
        with api.env.adopt_user(username="student1"):
            cases.append(deviation.report({**report, "faculty": faculty}, getRequest()))
    approved, closed, formula, _nv = cases
    approved.case_worker = "caseworker-ie"
    with api.env.adopt_user(username="reception-ie"):
        api.content.transition(obj=approved, transition="approve")
        api.content.transition(obj=closed, transition="approve")
        api.content.transition(obj=closed, transition="close", comment="done")
    approved.deadline = date.today() - timedelta(days=3)
    approved.reindexObject()
    formula.title = '=HYPERLINK("http://evil.example","x")'
    formula.reindexObject()
    notifications = [make_notification(portal, s) for s in ("forwarded", "received")]
    for case in notifications:
        case.immediate_measures = f"Keep them apart ({INTERNAL_WORD})."
        case.reindexObject()
    portal.test_cases = {
        "approved": approved.case_number,
        "closed": closed.case_number,
        "formula": formula.case_number,
        "nv": cases[3].case_number,
        "forwarded": notifications[0].case_number,
        "received": notifications[1].case_number,
    }
    transaction.commit()
    return portal


def client(site, user=None):
    if user == SITE_OWNER_NAME:
        return Client(site.absolute_url(), user, SITE_OWNER_PASSWORD)
    return Client(site.absolute_url(), user)


def numbers(site, user, **params):
    response = client(site, user).get("@cases", params=params)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["items_total"] == len(data["items"]) or "b_size" in params
    return [item["case_number"] for item in data["items"]]


def page(site, user, path="", **params):
    return client(site, user).get(f"{path}@@case-list", params=params, headers=HTML)


def csv_rows(response):
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


class TestRest:
    def test_text_search_finds_an_approved_case(self, site):
        n = site.test_cases
        assert numbers(site, "reception-ie", q=TEXT_WORD) == [n["approved"]]
        # a word of the title, the whole case number, a part of it
        assert n["approved"] in numbers(site, "reception-ie", q="eight weeks")
        assert numbers(site, "reception-ie", q=n["approved"]) == [n["approved"]]
        assert numbers(site, "reception-ie", q=n["approved"].split("-")[-1]) == [
            n["approved"]
        ]
        # only among what the user may see
        assert numbers(site, "reception-nv", q=TEXT_WORD) == []
        assert numbers(site, "reception-nv", q=n["approved"]) == []

    def test_filters(self, site):
        n = site.test_cases
        reception = "reception-ie"
        assert numbers(site, reception, review_state="in_progress") == [n["approved"]]
        assert numbers(site, reception, category="teaching") == [n["closed"]]
        assert numbers(site, reception, case_worker="caseworker-ie") == [n["approved"]]
        assert numbers(site, reception, overdue="true") == [n["approved"]]
        assert n["approved"] not in numbers(site, reception, overdue="false")
        assert numbers(site, reception, q="eight", category="teaching") == [n["closed"]]
        # the existing filters and their answers stay
        assert len(numbers(site, reception)) == 3
        assert numbers(site, "caseworker-ie", mine="true") == [n["approved"]]

    def test_sorting_and_paging(self, site):
        reception = "reception-ie"
        ascending = numbers(site, reception, sort_on="case_number")
        assert ascending == sorted(ascending)
        descending = numbers(
            site, reception, sort_on="case_number", sort_order="descending"
        )
        assert descending == ascending[::-1]
        assert (
            numbers(site, reception, sort_on="case_number", sort_order="reverse")
            == descending
        )
        received = numbers(site, reception, sort_on="received")
        assert received == ascending  # numbered in the order received
        first = numbers(site, reception, sort_on="case_number", b_size=2)
        second = numbers(site, reception, sort_on="case_number", b_size=2, b_start=2)
        assert first + second == ascending

    @pytest.mark.parametrize(
        "params",
        [
            {"sort_on": "title"},
            {"sort_order": "sideways"},
            {"category": "gossip"},
            {"case_worker": "no body"},
            {"q": "x" * 201},
            {"severity": "huge"},
            {"b_start": "-1"},
        ],
    )
    def test_bad_parameters(self, site, params):
        response = client(site, "reception-ie").get("@cases", params=params)
        assert response.status_code == 400
        name = next(iter(params))
        assert response.json()["error"]["message"].startswith(f"{name}:")
        assert response.json()["error"]["fields"] == [name]

    def test_notification_unit_sees_its_faculty_notifications(self, site):
        n = site.test_cases
        assert numbers(site, "varsling-ie") == [n["forwarded"]]
        assert numbers(site, "speakup") == [n["received"]]

    def test_manager_across_faculties(self, site):
        found = set(numbers(site, SITE_OWNER_NAME))
        assert found == set(site.test_cases.values())

    def test_deviation_staff_get_no_notification_cases(self, site):
        for user in ("reception-ie", "linemanager-ie", "caseworker-ie"):
            assert (
                numbers(site, user, portal_type="NotificationCase", q="happened") == []
            )

    def test_no_oracle_for_internal_fields(self, site):
        """The notifier (student1) may view their own notification cases
        but not their internal fields: a word of one finds nothing, through
        ``@cases`` or ``@search``; a word of what they wrote does."""
        n = site.test_cases
        student = client(site, "student1")
        assert numbers(site, "student1", q=INTERNAL_WORD) == []
        found = student.get("@search", params={"SearchableText": INTERNAL_WORD})
        assert found.json()["items_total"] == 0
        assert n["forwarded"] in numbers(site, "student1", q="happened")
        # not even the handlers find it: internal fields are not indexed
        assert numbers(site, "varsling-ie", q=INTERNAL_WORD) == []
        catalog = api.portal.get_tool("portal_catalog")
        for brain in catalog.unrestrictedSearchResults(portal_type="NotificationCase"):
            text = catalog.getIndexDataForRID(brain.getRID())["SearchableText"]
            assert INTERNAL_WORD not in " ".join(text)
            assert brain.case_number.lower().split("-")[-1] in text


class TestPage:
    def test_reception_finds_filters_sorts_pages(self, site):
        n = site.test_cases
        response = page(site, "reception-ie", q=TEXT_WORD)
        assert response.status_code == 200
        assert n["approved"] in response.text
        assert n["closed"] not in response.text
        # the overdue row is marked, and says so in words
        assert "casemgmt-overdue" in response.text
        assert ">Overdue</span>" in response.text
        closed = page(site, "reception-ie", review_state="closed").text
        assert n["closed"] in closed and n["approved"] not in closed
        worker = page(site, "reception-ie", case_worker="caseworker-ie").text
        assert n["approved"] in worker and n["closed"] not in worker
        assert "Case Worker IE" in worker
        ordered = page(
            site, "reception-ie", sort_on="case_number", sort_order="descending"
        ).text
        positions = [ordered.index(n[k]) for k in ("formula", "closed", "approved")]
        assert positions == sorted(positions)
        assert 'aria-sort="descending"' in ordered
        first = page(site, "reception-ie", b_size="2", sort_on="case_number").text
        assert 'id="next-page"' in first
        assert n["formula"] not in first
        second = page(
            site, "reception-ie", b_size="2", sort_on="case_number", b_start="2"
        ).text
        assert n["formula"] in second

    def test_case_worker_is_picked_by_name(self, site):
        """The case worker filter is the person picker of the forms: a
        name is typed, the user id sent; the chosen one shows by name."""
        from lxml import html

        import json

        tree = html.fromstring(
            page(site, "reception-ie", case_worker="caseworker-ie").text
        )
        (field,) = tree.xpath('//input[@id="case-list-worker"]')
        assert "pat-select2" in field.get("class")
        assert field.get("value") == "caseworker-ie"
        options = json.loads(field.get("data-pat-select2"))
        assert options["vocabularyUrl"].endswith(
            "/@@getVocabulary?name=ntnu.casemgmt.People"
        )
        assert options["maximumSelectionSize"] == 1
        assert options["initialValues"] == {"caseworker-ie": "Case Worker IE"}
        label = tree.xpath('//label[@for="case-list-worker"]')[0].text_content()
        assert "user id" not in label

    def test_faculty_page_and_link(self, site):
        n = site.test_cases
        response = page(site, "reception-ie", path="faculties/ie/")
        assert response.status_code == 200
        assert n["approved"] in response.text
        faculty = client(site, "reception-ie").get("faculties/ie", headers=HTML)
        assert "faculties/ie/@@case-list" in faculty.text
        student = client(site, "student1").get("faculties/ie", headers=HTML)
        assert "@@case-list" not in student.text

    def test_csv_has_the_same_rows_and_no_formula(self, site):
        n = site.test_cases
        html = page(site, "reception-ie", sort_on="case_number").text
        assert "format=csv" in html
        rows = csv_rows(page(site, "reception-ie", sort_on="case_number", format="csv"))
        assert [r["case_number"] for r in rows] == sorted([
            n["approved"],
            n["closed"],
            n["formula"],
        ])
        formula = next(r for r in rows if r["case_number"] == n["formula"])
        assert formula["title"].startswith("'=")
        approved = next(r for r in rows if r["case_number"] == n["approved"])
        assert approved["overdue"] == "true"
        assert approved["case_worker"] == "caseworker-ie"
        assert approved["state"] == "in_progress"
        assert approved["type"] == "Deviation"
        filtered = csv_rows(page(site, "reception-ie", q=TEXT_WORD, format="csv"))
        assert [r["case_number"] for r in filtered] == [n["approved"]]

    def test_notification_unit_and_central_reception(self, site):
        n = site.test_cases
        unit = page(site, "varsling-ie").text
        assert n["forwarded"] in unit
        assert not any(n[k] in unit for k in ("received", "approved", "nv"))
        assert 'name="severity"' in unit  # handles notification cases
        central = page(site, "speakup", path="speakup/").text
        assert n["received"] in central and n["forwarded"] not in central
        reception = page(site, "reception-ie").text
        assert 'name="severity"' not in reception
        assert n["forwarded"] not in reception and n["received"] not in reception

    def test_manager_across_faculties(self, site):
        text = page(site, SITE_OWNER_NAME).text
        assert all(number in text for number in site.test_cases.values())

    def test_students_are_refused(self, site):
        assert page(site, "student1").status_code == 403
        assert page(site, "student1", format="csv").status_code == 403

    def test_anonymous_is_asked_to_log_in(self, site):
        response = client(site).get("@@case-list", headers=HTML, allow_redirects=False)
        assert response.status_code in (302, 401)

    @pytest.mark.parametrize(
        "params", [{"sort_on": "title"}, {"overdue": "maybe"}, {"q": "x" * 300}]
    )
    def test_bad_parameters_say_so(self, site, params):
        response = page(site, "reception-ie", **params)
        assert response.status_code == 400
        assert 'id="case-list-problem"' in response.text
        assert next(iter(params)) + ":" in response.text
        csv_response = page(site, "reception-ie", format="csv", **params)
        assert csv_response.status_code == 400


def test_csv_cells_are_safe():
    assert cell("=1+1") == "'=1+1"
    for start in "+-@":
        assert cell(f"{start}x") == f"'{start}x"
    assert cell("plain") == "plain"
    assert cell(None) == ""
    assert cell(True) == "true"
    assert cell(date(2026, 1, 2)) == "2026-01-02"
    text = as_csv([{"case_number": "AVVIK-2026-00001", "title": "@SUM(A1)"}])
    assert text.splitlines()[1].startswith("AVVIK-2026-00001,'@SUM(A1)")
