"""The quality division's pages over HTTP: ``@@statistics`` (period and
faculty filter, faculty titles, a table beside each chart with the figures
of ``@case-statistics``, empty charts that say so, form messages for bad
filters) and ``@@notification-report`` (the monthly list)."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from helpers import Client
from helpers import DEVIATION
from lxml import html
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.reporting import charts
from ntnu.casemgmt.reporting import statistics
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from test_notification_security import make_notification
from zope.globalrequest import getRequest

import csv
import io
import pytest
import re
import transaction


IE = "Fakultet for informasjonsteknologi og elektroteknikk"
NV = "Fakultet for naturvitenskap"
TITLES = {"ie": IE, "nv": NV}
#: an old deviation of nv's, received on this day (outside the default period)
OLD = date(2020, 6, 15)


@pytest.fixture
def site(demo_functional):
    """Three deviations this month (ie, ie, nv: one closed, one overdue),
    one of nv's in 2020, and two notification cases of ie this month."""
    portal = demo_functional["portal"]
    cases = []
    for faculty in ("ie", "ie", "nv", "nv"):
        with api.env.adopt_user(username="student1"):
            cases.append(
                deviation.report({**DEVIATION, "faculty": faculty}, getRequest())
            )
    with api.env.adopt_user(username="reception-ie"):
        api.content.transition(obj=cases[0], transition="approve")
        api.content.transition(obj=cases[0], transition="close", comment="done")
        api.content.transition(obj=cases[1], transition="approve")
    cases[1].deadline = date.today() - timedelta(days=3)
    cases[1].reindexObject()
    cases[3].received = datetime(OLD.year, OLD.month, OLD.day, 12, 0)
    cases[3].reindexObject()
    for _ in range(2):
        make_notification(portal, "forwarded")
    transaction.commit()
    return portal


def client(site, user=None, language="en"):
    if user == SITE_OWNER_NAME:
        result = Client(site.absolute_url(), user, SITE_OWNER_PASSWORD, language)
    else:
        result = Client(site.absolute_url(), user, language=language)
    result.session.headers["Accept"] = "text/html"
    return result


def page(site, params=None, user="quality", language="en", view="@@statistics"):
    response = client(site, user, language).get(view, params=params or {})
    assert response.status_code < 500, response.text
    return response


def table(text, table_id):
    """The body rows of table ``table_id`` as lists of cell texts (None
    when there is no such table)."""
    found = html.fromstring(text).xpath(f'//table[@id="{table_id}"]')
    if not found:
        return None
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
        for row in found[0].xpath("./tbody/tr")
    ]


def header(text, table_id):
    (found,) = html.fromstring(text).xpath(f'//table[@id="{table_id}"]')
    return [" ".join(th.text_content().split()) for th in found.xpath("./thead//th")]


def section(text, section_id):
    return text.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]


def service(site, params, user="quality"):
    response = Client(site.absolute_url(), user).get("@case-statistics", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def this_month():
    return date.today().strftime("%Y-%m")


class TestStatisticsPage:
    def test_default_is_the_last_twelve_months(self, site):
        response = page(site)
        assert response.status_code == 200
        tree = html.fromstring(response.text)
        start, today = statistics.last_months(12)
        assert tree.get_element_by_id("statistics-from").value == start.isoformat()
        assert tree.get_element_by_id("statistics-to").value == today.isoformat()
        # the 2020 deviation is outside: nv has one case, not two
        rows = table(response.text, "table-per-month")
        assert len(rows) == 12
        assert rows[-1] == [this_month(), "2", "1"]
        assert {cell for row in rows[:-1] for cell in row[1:]} == {"0"}

    def test_faculty_titles_not_codes(self, site):
        text = page(site).text
        assert header(text, "table-per-month") == ["Month", IE, NV]
        assert [row[0] for row in table(text, "table-overdue")] == [IE, NV]
        options = html.fromstring(text).xpath(
            '//select[@id="statistics-faculty"]/option'
        )
        assert (IE, "ie") in {
            (o.text_content().strip(), o.get("value")) for o in options
        }
        for table_id in ("table-per-month", "table-overdue", "table-deviations"):
            cells = [c for row in table(text, table_id) for c in row]
            assert "ie" not in cells and "nv" not in cells, table_id

    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"faculty": "ie"},
            {"faculty": "nv"},
            {"from": "2020-01-01", "to": "2020-12-31"},
            {"from": "2020-01-01", "to": date.today().isoformat(), "faculty": "nv"},
        ],
    )
    def test_tables_match_the_service(self, site, params):
        """The tables show the JSON of @case-statistics for the same filters
        (the page's own filters, as its CSV link gives them)."""
        text = page(site, params).text
        link = html.fromstring(text).get_element_by_id("statistics-csv").get("href")
        query = dict(pair.split("=", 1) for pair in link.split("?", 1)[1].split("&"))
        assert query.pop("format") == "csv"
        for name, value in params.items():
            assert query[name] == value
        data = service(site, query)
        cells = data["deviations"]["cells"]
        rows = table(text, "table-deviations") or []
        assert [(r[0], r[3]) for r in rows] == [
            (TITLES[c["faculty"]], str(c["count"])) for c in cells
        ]
        days = data["deviations"]["days_to_close"]
        processing = table(text, "table-processing")
        if days["closed"]:
            assert processing == [
                [str(days["closed"]), str(days["median"]), str(days["p90"])]
            ]
        else:
            assert processing is None
        overdue = {c["faculty"]: c["count"] for c in data["deviations"]["overdue"]}
        for row in table(text, "table-overdue") or []:
            code = {v: k for k, v in TITLES.items()}[row[0]]
            assert row[2] == str(overdue.get(code, 0))
        # the per-month table adds up to the service's counts per faculty
        per_month = table(text, "table-per-month") or []
        titles = header(text, "table-per-month")[1:] if per_month else []
        sums = {t: sum(int(r[i + 1]) for r in per_month) for i, t in enumerate(titles)}
        expected = {}
        for cell in cells:
            title = TITLES[cell["faculty"]]
            expected[title] = expected.get(title, 0) + cell["count"]
        assert sums == expected

    def test_filters_change_the_figures(self, site):
        everything = page(site).text
        nv = page(site, {"faculty": "nv"}).text
        old = page(site, {"from": "2020-01-01", "to": "2020-12-31"}).text
        assert header(everything, "table-per-month") == ["Month", IE, NV]
        assert header(nv, "table-per-month") == ["Month", NV]
        assert [r[0] for r in table(nv, "table-deviations")] == [NV]
        assert table(old, "table-per-month")[5] == ["2020-06", "1"]
        assert header(old, "table-per-month") == ["Month", NV]
        assert "2020-01-01 to 2020-12-31, all faculties" in old
        assert (
            f"{NV}"
            in html.fromstring(nv).get_element_by_id("statistics-period").text_content()
        )

    def test_empty_period_says_so(self, site):
        response = page(site, {"from": "2001-01-01", "to": "2001-12-31"})
        assert response.status_code == 200
        for chart in ("chart-per-month", "chart-processing", "chart-overdue"):
            part = section(response.text, chart)
            assert "No cases in this period" in part, chart
            assert "<svg" not in part and "<table" not in part, chart
        assert "No deviations in this period." in response.text

    def test_no_closed_case_says_so(self, site):
        response = page(site, {"faculty": "nv"})
        part = section(response.text, "chart-processing")
        assert "No closed cases in this period" in part and "<svg" not in part
        assert "<svg" in section(response.text, "chart-per-month")

    def test_charts_are_drawn_beside_their_tables(self, site):
        text = page(site).text
        for chart, table_id in (
            ("chart-per-month", "table-per-month"),
            ("chart-processing", "table-processing"),
            ("chart-overdue", "table-overdue"),
        ):
            part = section(text, chart)
            assert "<svg" in part and "<path" in part, chart
            assert f'id="{table_id}"' in part and "<caption" in part, chart
            assert 'aria-labelledby="caption-' in part
        tree = html.fromstring(text)
        for th in tree.xpath("//table[contains(@class, 'casemgmt-statistics')]//th"):
            assert th.get("scope") in ("col", "row")

    @pytest.mark.parametrize(
        "params, words",
        [
            ({"from": "2026-03-01", "to": "2026-01-01"}, "must not be before"),
            ({"faculty": "xx"}, "choose a faculty"),
            ({"faculty": ["ie", "nv"]}, "choose a faculty"),
            ({"from": "2026-02-30"}, "From: give a date"),
            ({"from": "yesterday"}, "From: give a date"),
            ({"to": "0001-01-01"}, "To: give a date"),
            ({"from": "9999-12-31"}, "From: give a date"),
            ({"from": ["2026-01-01", "2026-02-01"]}, "From: give a date"),
        ],
    )
    def test_bad_filters_give_a_form_message(self, site, params, words):
        response = page(site, params)
        assert response.status_code in (200, 400)
        problem = html.fromstring(response.text).get_element_by_id("statistics-problem")
        assert words in problem.text_content()
        assert "<svg" not in response.text
        assert 'id="statistics-filters"' in response.text

    def test_small_cells_are_not_shown(self, site):
        part = section(page(site).text, "notifications-per-month")
        row = part.split(f">{this_month()}<", 1)[1].split("</tr>", 1)[0]
        assert "fewer than" in row and "Bullying" not in row
        api.portal.set_registry_record("ntnu.casemgmt.statistics_threshold", 2)
        transaction.commit()
        text = page(site).text
        rows = table(text, "table-notifications")
        assert [this_month(), IE, "Bullying", "Forwarded", "2"] in rows
        data = service(site, {"faculty": "ie"})
        assert [c["count"] for c in data["notifications"]["cells"]] == [2]

    def test_csv_link_gives_the_service_csv(self, site):
        text = page(site, {"faculty": "ie"}).text
        link = html.fromstring(text).get_element_by_id("statistics-csv").get("href")
        assert "format=csv" in link and "faculty=ie" in link
        response = client(site, "quality").get(link)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0][0] == "case_type"
        assert {r[2] for r in rows[1:]} == {"ie"}
        query = dict(pair.split("=", 1) for pair in link.split("?", 1)[1].split("&"))
        same = Client(site.absolute_url(), "quality").get(
            "@case-statistics", params=query
        )
        assert same.headers["Content-Type"].startswith("text/csv")
        assert same.text == response.text

    def test_link_to_the_monthly_list(self, site):
        tree = html.fromstring(page(site).text)
        link = tree.get_element_by_id("statistics-notification-report").get("href")
        assert link.endswith("/@@notification-report")

    def test_reporting_reads_the_page_too(self, site):
        """StatisticsReader may read @case-statistics, so the page as well
        (the same figures); the monthly list is not for them."""
        response = page(site, user="reporting")
        assert response.status_code == 200
        assert 'id="table-deviations"' in response.text
        assert 'id="statistics-notification-report"' not in response.text

    @pytest.mark.parametrize("user", [None, "student1", "reception-ie", "varsling-ie"])
    def test_refused(self, site, user):
        response = client(site, user).get("@@statistics", allow_redirects=True)
        assert (
            response.status_code in (401, 403)
            or "login" in response.url
            or "insufficient" in response.url
        ), (response.status_code, response.url)
        assert 'id="table-deviations"' not in response.text

    def test_norwegian_dates(self, site):
        text = page(
            site, {"from": "2020-01-01", "to": "2020-12-31"}, language="nb"
        ).text
        period = html.fromstring(text).get_element_by_id("statistics-period")
        assert "01.01.2020" in period.text_content()
        assert "31.12.2020" in period.text_content()
        assert "2020-01-01" not in period.text_content()
        assert table(text, "table-per-month")[5][0] == "06.2020"
        assert (
            "Ingen saker i denne perioden"
            in page(
                site, {"from": "2001-01-01", "to": "2001-12-31"}, language="nb"
            ).text
        )


class TestCharts:
    def test_axis_never_negative(self):
        svg = charts.bars(["a", "b"], {"x": [0, 0]})
        # matplotlib writes each tick label as a comment before its glyphs
        ticks = re.findall(r"<!-- (.*?) -->", svg)
        assert ticks and not any("\u2212" in t or t.startswith("-") for t in ticks)

    def test_no_labels_no_chart(self):
        assert charts.bars([], {}) is None


class TestNotificationReportPage:
    def test_default_is_last_month(self, site):
        response = page(site, view="@@notification-report")
        assert response.status_code == 200
        tree = html.fromstring(response.text)
        last = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        assert tree.get_element_by_id("notification-report-month").value == last
        # the cases were received this month
        assert "No notification cases." in response.text

    @pytest.mark.parametrize("user", ["quality", SITE_OWNER_NAME])
    def test_month_list(self, site, user):
        response = page(
            site, {"month": this_month()}, user, view="@@notification-report"
        )
        assert response.status_code == 200
        rows = table(response.text, "notification-report-table")
        assert len(rows) == 2
        today = date.today().isoformat()
        for number, faculty, category, received, state in rows:
            assert number.startswith("VARSEL-")
            assert (faculty, category, received, state) == (
                IE,
                "Bullying",
                today,
                "Forwarded",
            )
        for word in ("Student One", "student1", "Notification in", "dean-ie"):
            assert word not in response.text.split('id="notification-report-table"')[1]
        expected = client(site, "quality").session.get(
            site.absolute_url() + "/@notification-report",
            params={"month": this_month()},
            headers={"Accept": "application/json"},
        )
        assert sorted(r[0] for r in rows) == sorted(
            i["case_number"] for i in expected.json()["items"]
        )

    def test_open_cases(self, site):
        last = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        opened = page(
            site, {"month": this_month(), "open": "true"}, view="@@notification-report"
        )
        assert len(table(opened.text, "notification-report-table")) == 2
        assert (
            html
            .fromstring(opened.text)
            .get_element_by_id("notification-report-open")
            .checked
        )
        earlier = page(
            site, {"month": last, "open": "true"}, view="@@notification-report"
        )
        assert "No notification cases." in earlier.text
        # the service answers the same
        json = Client(site.absolute_url(), "quality").get(
            "@notification-report", params={"month": this_month(), "open": "true"}
        )
        assert json.json()["open"] is True and json.json()["items_total"] == 2

    def test_csv(self, site):
        text = page(site, {"month": this_month()}, view="@@notification-report").text
        link = html.fromstring(text).get_element_by_id("notification-report-csv")
        response = client(site, "quality").get(link.get("href"))
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == [
            "case_number",
            "faculty",
            "category",
            "received",
            "review_state",
        ]
        assert len(rows) == 3 and {r[1] for r in rows[1:]} == {"ie"}
        assert "Student" not in response.text

    @pytest.mark.parametrize(
        "params",
        [
            {"month": "2026-13"},
            {"month": "26-01"},
            {"month": "0001-01"},
            {"month": ["2026-01", "2026-02"]},
            {"month": "2026-01", "open": "maybe"},
        ],
    )
    def test_bad_input_gives_a_message(self, site, params):
        response = page(site, params, view="@@notification-report")
        assert response.status_code in (200, 400)
        assert 'id="notification-report-problem"' in response.text
        assert 'id="notification-report-table"' not in response.text

    def test_service_refuses_a_bad_open(self, site):
        response = Client(site.absolute_url(), "quality").get(
            "@notification-report", params={"month": "2026-01", "open": "yes"}
        )
        assert response.status_code == 400
        assert "open" in response.json()["error"]["message"]

    @pytest.mark.parametrize(
        "user", [None, "reception-ie", "reporting", "student1", "varsling-ie"]
    )
    def test_refused(self, site, user):
        response = client(site, user).get("@@notification-report")
        assert (
            response.status_code in (401, 403)
            or "login" in response.url
            or "insufficient" in response.url
        ), (response.status_code, response.url)
        assert "notification-report-filters" not in response.text

    def test_norwegian_dates(self, site):
        text = page(
            site, {"month": this_month()}, language="nb", view="@@notification-report"
        ).text
        rows = table(text, "notification-report-table")
        assert {r[3] for r in rows} == {date.today().strftime("%d.%m.%Y")}
        assert (
            date.today().strftime("%m.%Y")
            in html
            .fromstring(text)
            .get_element_by_id("notification-report-heading")
            .text_content()
        )

    def test_in_the_user_menu(self, site):
        actions = api.portal.get_tool("portal_actions").user
        assert "casemgmt-notification-report" in actions.objectIds()
        text = page(site).text
        assert "@@notification-report" in text
