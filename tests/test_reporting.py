"""REST for reporting: @cases, @case-statistics (JSON and CSV),
@notification-report, and the monthly list by mail."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from helpers import Client
from helpers import DEMO_USER_IDS
from helpers import DEVIATION
from helpers import make_deviation
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.reporting import monthly
from ntnu.casemgmt.reporting import statistics
from plone import api
from test_notification_security import make_notification
from zope.globalrequest import getRequest

import csv
import io
import json
import pytest
import transaction


@pytest.fixture
def site(demo_functional):
    portal = demo_functional["portal"]
    cases = []
    for faculty in ("ie", "ie", "nv"):
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
    [make_notification(portal, "forwarded") for _ in range(2)]
    transaction.commit()
    return portal


def client(site, user=None):
    return Client(site.absolute_url(), user)


USERS_AND_TITLES = [
    *DEMO_USER_IDS,
    "Student One",
    "Student Two",
    "Exam results published",
    "Notification in",
]


class TestCases:
    def test_only_my_cases_and_filters(self, site):
        reception = client(site, "reception-ie")
        data = reception.get("@cases").json()
        assert data["items_total"] == 2
        assert {i["faculty"] for i in data["items"]} == {"ie"}
        assert set(data["items"][0]) >= {
            "@id",
            "case_number",
            "review_state",
            "deadline",
            "overdue",
        }
        overdue = reception.get("@cases", params={"overdue": "true"}).json()
        assert [i["overdue"] for i in overdue["items"]] == [True]
        assert (
            reception.get("@cases", params={"review_state": "closed"}).json()[
                "items_total"
            ]
            == 1
        )
        assert (
            reception.get(
                "@cases", params={"review_state": "closed", "overdue": "true"}
            ).json()["items_total"]
            == 0
        )
        assert (
            reception.get("@cases", params={"overdue": "false"}).json()["items_total"]
            == 1
        )
        assert client(site, "reception-nv").get("@cases").json()["items_total"] == 1
        officer = (
            client(site, "varsling-ie")
            .get("@cases", params={"portal_type": "NotificationCase"})
            .json()
        )
        assert officer["items_total"] == 2
        assert (
            client(site, "reception-ie")
            .get("@cases", params={"portal_type": "NotificationCase"})
            .json()["items_total"]
            == 0
        )

    def test_overdue_is_open_and_due_before_today(self, site):
        ie = site["faculties"]["ie"]
        with api.env.adopt_user(username="student1"):
            due_today = make_deviation(ie, **DEVIATION)
        with api.env.adopt_user(username="reception-ie"):
            api.content.transition(obj=due_today, transition="approve")
        due_today.deadline = date.today()
        due_today.reindexObject()
        with api.env.adopt_user(username="reception-ie"):
            closed = api.content.find(
                context=ie, portal_type="Deviation", review_state="closed"
            )[0].getObject()
        closed.deadline = date.today() - timedelta(days=10)
        closed.reindexObject()
        transaction.commit()
        reception = client(site, "reception-ie")

        def numbers(**params):
            data = reception.get("@cases", params=params).json()
            assert data["items_total"] == len(data["items"])
            return {i["case_number"]: i["overdue"] for i in data["items"]}

        everything = numbers()
        overdue, rest = numbers(overdue="true"), numbers(overdue="false")
        assert len(everything) == 3
        assert list(overdue.values()) == [True]
        assert set(rest) == {due_today.case_number, closed.case_number}
        assert not any(rest.values())
        assert {**overdue, **rest} == everything
        assert numbers(overdue="false", review_state="in_progress") == {
            due_today.case_number: False
        }
        assert numbers(overdue="no", review_state="closed") == {
            closed.case_number: False
        }

    def test_mine_and_batching(self, site):
        reception = client(site, "reception-ie")
        assert (
            reception.get("@cases", params={"mine": "true"}).json()["items_total"] == 2
        )
        page = client(site, "student1").get("@cases", params={"b_size": 2}).json()
        assert len(page["items"]) == 2
        assert page["items_total"] == 5
        assert "next" in page["batching"]
        deadlines = [i["deadline"] for i in page["items"]]
        assert deadlines == sorted(deadlines)

    @pytest.mark.parametrize(
        "params",
        [
            {"faculty": "xx"},
            {"portal_type": "Document"},
            {"overdue": "maybe"},
            {"review_state": "lost"},
            {"b_size": "ten"},
        ],
    )
    def test_bad_parameters(self, site, params):
        response = client(site, "student1").get("@cases", params=params)
        assert response.status_code == 400
        assert next(iter(params)) in response.json()["error"]["message"]

    def test_anonymous(self, site):
        assert client(site).get("@cases").status_code == 401


class TestStatistics:
    @pytest.mark.parametrize("user", ["quality", "reporting"])
    def test_counts_without_personal_data(self, site, user):
        response = client(site, user).get("@case-statistics")
        assert response.status_code == 200
        data = response.json()
        cells = {
            (c["faculty"], c["category"], c["review_state"]): c["count"]
            for c in data["deviations"]["cells"]
        }
        assert cells[("ie", "assessment", "closed")] == 1
        assert cells[("ie", "assessment", "in_progress")] == 1
        assert cells[("nv", "assessment", "submitted")] == 1
        assert {o["faculty"]: o["count"] for o in data["deviations"]["overdue"]} == {
            "ie": 1
        }
        assert data["deviations"]["days_to_close"]["closed"] == 1
        assert data["deviations"]["days_to_close"]["median"] is not None
        # two notification cases in one cell: below the threshold of 5, so
        # not listed at all (not even as "suppressed": that would tell that
        # a case exists)
        assert data["threshold"] == 5
        notifications = data["notifications"]
        assert (
            notifications["cells"]
            == notifications["overdue"]
            == notifications["days_to_close"]
            == []
        )
        assert "fewer than 5" in notifications["not_listed"]
        assert "suppressed" not in json.dumps(notifications)
        text = response.text
        for word in USERS_AND_TITLES:
            assert word not in text, word
        for brain in site.portal_catalog.unrestrictedSearchResults(
            portal_type=["Deviation", "NotificationCase"]
        ):
            assert brain.case_number not in text

    def test_csv(self, site):
        response = client(site, "reporting").get(
            "@case-statistics", params={"format": "csv"}
        )
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert {
            "case_type",
            "month",
            "faculty",
            "category",
            "review_state",
            "count",
        } == set(rows[0])
        assert any(
            r["faculty"] == "nv" and r["count"] == "1" and r["month"] == ""
            for r in rows
        )
        # the JSON lists no notification cell (2 < 5): neither does the CSV
        assert not [r for r in rows if r["case_type"] == "NotificationCase"]
        assert all(r["count"].isdigit() for r in rows)

    def test_csv_follows_json(self, site):
        api.portal.set_registry_record("ntnu.casemgmt.statistics_threshold", 2)
        transaction.commit()
        data = client(site, "reporting").get("@case-statistics").json()
        response = client(site, "reporting").get(
            "@case-statistics", params={"format": "csv"}
        )
        rows = [
            r
            for r in csv.DictReader(io.StringIO(response.text))
            if r["case_type"] == "NotificationCase"
        ]
        assert (
            [
                (
                    r["month"],
                    r["faculty"],
                    r["category"],
                    r["review_state"],
                    int(r["count"]),
                )
                for r in rows
            ]
            == [
                (c["month"], c["faculty"], c["category"], c["review_state"], c["count"])
                for c in data["notifications"]["cells"]
            ]
            == [(date.today().strftime("%Y-%m"), "ie", "bullying", "forwarded", 2)]
        )

    def test_period(self, site):
        future = (date.today() + timedelta(days=10)).isoformat()
        data = (
            client(site, "quality")
            .get("@case-statistics", params={"from": future})
            .json()
        )
        assert data["deviations"]["cells"] == []

    def test_threshold_is_configurable(self, site):
        api.portal.set_registry_record("ntnu.casemgmt.statistics_threshold", 1)
        transaction.commit()
        data = client(site, "quality").get("@case-statistics").json()
        (cell,) = data["notifications"]["cells"]
        assert cell["count"] == 2 and cell["month"] == date.today().strftime("%Y-%m")
        assert data["threshold"] == 1

    @pytest.mark.parametrize(
        "params,name",
        [
            ({"from": "2026-13-01"}, "from"),
            ({"to": "yesterday"}, "to"),
            ({"from": "2026-05-01", "to": "2026-04-01"}, "to"),
            ({"faculty": "xx"}, "faculty"),
            ({"format": "xml"}, "format"),
        ],
    )
    def test_bad_parameters(self, site, params, name):
        response = client(site, "quality").get("@case-statistics", params=params)
        assert response.status_code == 400
        assert name in response.json()["error"]["message"]

    @pytest.mark.parametrize(
        "params",
        [
            {"from": "0001-01-01"},
            {"to": "0001-01-01"},
            {"to": "9999-12-31"},
            {"from": "9999-12-31"},
            {"from": "0001-01-01", "to": "9999-12-31", "format": "csv"},
        ],
    )
    def test_extreme_dates(self, site, params):
        # A clear 400 naming the parameter, never a server error.
        response = client(site, "quality").get("@case-statistics", params=params)
        assert response.status_code == 400, response.text
        assert "a year from 1900 to 2999" in response.json()["error"]["message"]
        for month in ("0001-01", "9999-12"):
            response = client(site, "quality").get(
                "@notification-report", params={"month": month}
            )
            assert response.status_code == 400, response.text

    @pytest.mark.parametrize(
        "user",
        [
            None,
            "student1",
            "reception-ie",
            "varsling-ie",
            "speakup",
            "linemanager-ie",
            "editor",
        ],
    )
    def test_refused(self, site, user):
        assert client(site, user).get("@case-statistics").status_code in (401, 403)

    @pytest.mark.parametrize(
        "query", [{}, {"faculty": "ie"}, {"start": date.today() - timedelta(days=1)}]
    )
    def test_no_case_is_woken(self, site, query):
        """Only catalog metadata is read: every case stays a ghost."""
        from ntnu.casemgmt.reporting import statistics

        cases = [
            b._unrestrictedGetObject()
            for b in site.portal_catalog.unrestrictedSearchResults(
                portal_type=["Deviation", "NotificationCase"]
            )
        ]
        assert len(cases) == 5
        site._p_jar.cacheMinimize()
        assert all(case._p_changed is None for case in cases)  # ghosts
        result = statistics.case_statistics(**query)
        assert sum(c["count"] for c in result["deviations"]["cells"]) == (
            2 if query.get("faculty") else 3
        )
        assert all(case._p_changed is None for case in cases)


def received_on(day):
    """A receipt time on ``day`` (noon UTC: the same day in every time zone
    the site may run in)."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def notifications_on(portal, days, category="bullying", state="forwarded"):
    """One notification case of faculty ie received on each of ``days``."""
    for day in days:
        case = make_notification(portal, state)
        case.received = received_on(day)
        case.category = category
        case.reindexObject()


def deviation_on(portal, day, faculty="ie"):
    with api.env.adopt_user(username="student1"):
        return make_deviation(
            portal["faculties"][faculty], received=received_on(day), **DEVIATION
        )


def statistics_of(site, **params):
    response = client(site, "quality").get("@case-statistics", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def cells_of(data):
    return {
        (c["month"], c["faculty"], c["category"], c["review_state"]): c["count"]
        for c in data["notifications"]["cells"]
    }


class TestNotificationCells:
    """Notification figures are published on a fixed partition (month of
    receipt x faculty x category x state), only from at least `threshold`
    cases: no answer tells that a case exists, and no two answers give a
    finer count by subtraction (issue 14, item 11)."""

    YEAR = date.today().year - 1  # whole months in the past

    def day(self, month, day):
        return date(self.YEAR, month, day)

    @pytest.fixture
    def months(self, site):
        """January: 5 bullying (on five different days), 3 harassment;
        February: 5 bullying, 3 harassment; March: 3 bullying, 3 harassment,
        all in ie and forwarded. Harassment reaches 9 over the three months
        and 6 over January and February, but no month has 5."""
        notifications_on(site, [self.day(1, d) for d in (3, 10, 15, 20, 28)])
        notifications_on(site, [self.day(1, d) for d in (5, 15, 25)], "harassment")
        notifications_on(site, [self.day(2, d) for d in (1, 2, 3, 4, 28)])
        notifications_on(site, [self.day(2, d) for d in (6, 7, 8)], "harassment")
        notifications_on(site, [self.day(3, d) for d in (1, 15, 31)])
        notifications_on(site, [self.day(3, d) for d in (2, 3, 4)], "harassment")
        transaction.commit()
        return site

    def test_cell_of_five_listed_cell_of_three_absent(self, months):
        data = statistics_of(
            months, **{"from": f"{self.YEAR}-01-01", "to": f"{self.YEAR}-01-31"}
        )
        month = f"{self.YEAR}-01"
        assert cells_of(data) == {(month, "ie", "bullying", "forwarded"): 5}
        text = json.dumps(data["notifications"])
        # the cell of 3 is not even named: nothing tells that such a case exists
        assert "harassment" not in text and "suppressed" not in text
        assert "1\u20134" not in text and "1-4" not in text
        assert (
            data["threshold"] == 5
            and "fewer than 5" in data["notifications"]["not_listed"]
        )

    def test_zero_cells_absent(self, months):
        data = statistics_of(
            months, **{"from": f"{self.YEAR}-01-01", "to": f"{self.YEAR}-03-31"}
        )
        assert all(
            c["count"] >= data["threshold"] for c in data["notifications"]["cells"]
        )
        assert {c["faculty"] for c in data["notifications"]["cells"]} == {"ie"}
        # a month with 3 cases answers exactly as a month with none
        march = statistics_of(
            months, **{"from": f"{self.YEAR}-03-01", "to": f"{self.YEAR}-03-31"}
        )
        april = statistics_of(
            months, **{"from": f"{self.YEAR}-04-01", "to": f"{self.YEAR}-04-30"}
        )
        for answer in (march, april):
            assert (
                answer["notifications"]["cells"]
                == answer["notifications"]["overdue"]
                == []
            )
            assert answer["notifications"]["days_to_close"] == []

    @pytest.mark.parametrize("day", [1, 15, 31])
    def test_single_day_answers_its_whole_month(self, months, day):
        whole = statistics_of(
            months, **{"from": f"{self.YEAR}-01-01", "to": f"{self.YEAR}-01-31"}
        )
        single = statistics_of(
            months,
            **{"from": f"{self.YEAR}-01-{day:02d}", "to": f"{self.YEAR}-01-{day:02d}"},
        )
        assert single["notifications"] == whole["notifications"]
        assert single["notifications"]["from"] == f"{self.YEAR}-01-01"
        assert single["notifications"]["to"] == f"{self.YEAR}-01-31"
        assert cells_of(single) == {
            (f"{self.YEAR}-01", "ie", "bullying", "forwarded"): 5
        }
        # a window that starts or ends inside a month takes that whole month
        half = statistics_of(
            months, **{"from": f"{self.YEAR}-01-16", "to": f"{self.YEAR}-02-02"}
        )
        assert cells_of(half) == {
            (f"{self.YEAR}-{m:02d}", "ie", "bullying", "forwarded"): 5 for m in (1, 2)
        }

    def test_overlapping_windows_give_no_finer_count(self, months):
        first, third = f"{self.YEAR}-01-01", f"{self.YEAR}-03-31"
        jan_mar = statistics_of(months, **{"from": first, "to": third})
        jan_feb = statistics_of(months, **{"from": first, "to": f"{self.YEAR}-02-28"})
        march = statistics_of(months, **{"from": f"{self.YEAR}-03-01", "to": third})
        # no published sum over months: every figure carries its month, and
        # the answer has nothing but the cells (no total, no marginal)
        for data in (jan_mar, jan_feb, march):
            notifications = data["notifications"]
            assert set(notifications) == {
                "from",
                "to",
                "not_listed",
                "cells",
                "overdue",
                "days_to_close",
            }
            for key in ("cells", "overdue", "days_to_close"):
                assert all(len(item["month"]) == 7 for item in notifications[key])
            assert all(
                set(c) == {"month", "faculty", "category", "review_state", "count"}
                for c in notifications["cells"]
            )
        # a window's answer is exactly the union of its months' answers, so
        # subtracting two answers gives whole published months, nothing finer
        assert cells_of(jan_mar) == {**cells_of(jan_feb), **cells_of(march)}
        assert set(cells_of(jan_feb)).isdisjoint(cells_of(march))
        assert cells_of(march) == {}  # March's 3 + 3 stay unknown
        # 9 harassment cases over three months: still never listed
        assert not [
            c
            for c in jan_mar["notifications"]["cells"]
            if c["category"] == "harassment"
        ]
        # whatever the window, January's cell is the same
        for data in (jan_mar, jan_feb):
            assert (
                cells_of(data)[(f"{self.YEAR}-01", "ie", "bullying", "forwarded")] == 5
            )
        # the CSV neither sums
        csv_text = (
            client(months, "quality")
            .get(
                "@case-statistics", params={"from": first, "to": third, "format": "csv"}
            )
            .text
        )
        rows = [
            r
            for r in csv.DictReader(io.StringIO(csv_text))
            if r["case_type"] == "NotificationCase"
        ]
        assert sorted((r["month"], r["category"], r["count"]) for r in rows) == [
            (f"{self.YEAR}-01", "bullying", "5"),
            (f"{self.YEAR}-02", "bullying", "5"),
        ]

    def test_overdue_and_days_to_close_per_month_from_threshold(self, site):
        """Closed cases: days to close per month and faculty only from 5;
        overdue counts per month and faculty only from 5."""
        notifications_on(
            site, [self.day(5, d) for d in (2, 4, 6, 8, 10)], state="closed"
        )
        notifications_on(site, [self.day(6, d) for d in (2, 4, 6, 8)], state="closed")
        transaction.commit()
        data = statistics_of(
            site, **{"from": f"{self.YEAR}-05-20", "to": f"{self.YEAR}-06-10"}
        )
        (days,) = data["notifications"]["days_to_close"]
        assert days["month"] == f"{self.YEAR}-05" and days["faculty"] == "ie"
        assert set(days) == {
            "month",
            "faculty",
            "median",
            "p90",
        }  # no count of closed cases
        assert days["median"] > 0 and days["p90"] >= days["median"]
        assert data["notifications"]["overdue"] == []

    def test_overdue_per_month_from_threshold(self, site):
        """Seen from far in the future every case still in the central
        reception is past its forward deadline: August's 7 are listed per
        month and faculty, September's 3 are not."""
        notifications_on(site, [self.day(8, d) for d in range(1, 8)], state="received")
        notifications_on(site, [self.day(9, d) for d in range(1, 4)], state="received")
        transaction.commit()
        later = date(2999, 1, 1)
        result = statistics.case_statistics(
            self.day(8, 1), self.day(9, 30), today=later
        )
        assert result["notifications"]["overdue"] == [
            {"month": f"{self.YEAR}-08", "faculty": "central", "count": 7}
        ]
        api.portal.set_registry_record("ntnu.casemgmt.statistics_threshold", 8)
        result = statistics.case_statistics(
            self.day(8, 1), self.day(9, 30), today=later
        )
        assert (
            result["notifications"]["overdue"] == result["notifications"]["cells"] == []
        )

    def test_deviations_unchanged(self, months):
        """Deviations keep exact counts for the exact window, one case too."""
        deviation_on(months, self.day(1, 15))
        deviation_on(months, self.day(1, 20))
        deviation_on(months, self.day(1, 20), faculty="nv")
        transaction.commit()
        single = statistics_of(
            months, **{"from": f"{self.YEAR}-01-15", "to": f"{self.YEAR}-01-15"}
        )
        assert single["from"] == single["to"] == f"{self.YEAR}-01-15"
        assert single["deviations"]["cells"] == [
            {
                "faculty": "ie",
                "category": "assessment",
                "review_state": "submitted",
                "count": 1,
                "suppressed": False,
            }
        ]
        whole = statistics_of(
            months, **{"from": f"{self.YEAR}-01-01", "to": f"{self.YEAR}-01-31"}
        )
        assert {(c["faculty"], c["count"]) for c in whole["deviations"]["cells"]} == {
            ("ie", 2),
            ("nv", 1),
        }
        assert whole["deviations"]["days_to_close"] == {
            "closed": 0,
            "median": None,
            "p90": None,
        }
        csv_text = (
            client(months, "quality")
            .get(
                "@case-statistics",
                params={
                    "from": f"{self.YEAR}-01-20",
                    "to": f"{self.YEAR}-01-20",
                    "format": "csv",
                },
            )
            .text
        )
        rows = [
            r
            for r in csv.DictReader(io.StringIO(csv_text))
            if r["case_type"] == "Deviation"
        ]
        assert sorted((r["faculty"], r["count"]) for r in rows) == [
            ("ie", "1"),
            ("nv", "1"),
        ]

    def test_per_month_chart_counts_deviations_only(self, site):
        """The page's chart per month and faculty: deviations, exact; a
        count of notification cases per month and faculty would be a sum
        over cells."""
        counts = statistics.per_month(12)
        this_month = date.today().strftime("%Y-%m")
        assert counts == {(this_month, "ie"): 2, (this_month, "nv"): 1}


class TestNotificationReport:
    def test_month_list_without_names(self, site):
        month = date.today().strftime("%Y-%m")
        response = client(site, "quality").get(
            "@notification-report", params={"month": month}
        )
        assert response.status_code == 200
        data = response.json()
        assert data["items_total"] == 2
        assert set(data["items"][0]) == {
            "case_number",
            "faculty",
            "category",
            "received",
            "review_state",
        }
        for word in USERS_AND_TITLES:
            assert word not in response.text

    @pytest.mark.parametrize("month", ["2026-13", "2026", "26-01", "", "2026-00"])
    def test_bad_month(self, site, month):
        response = client(site, "quality").get(
            "@notification-report", params={"month": month}
        )
        assert response.status_code == 400
        assert "month" in response.json()["error"]["message"]

    @pytest.mark.parametrize(
        "user", [None, "reporting", "student1", "varsling-ie", "speakup"]
    )
    def test_refused(self, site, user):
        month = date.today().strftime("%Y-%m")
        assert client(site, user).get(
            "@notification-report", params={"month": month}
        ).status_code in (401, 403)

    def test_monthly_mail_once_and_catching_up(self, site, mailbox):
        next_month = (date.today().replace(day=1) + timedelta(days=32)).replace(day=1)
        transaction.begin()
        monthly.monthly_notification_report(today=next_month)
        transaction.commit()
        (mail,) = mailbox.to("quality@example.org")
        assert date.today().strftime("%Y-%m") in mail["subject"]
        assert mail["body"].count("VARSEL-") == 2
        assert "Student" not in mail["body"]
        mailbox.clear()
        monthly.monthly_notification_report(today=next_month + timedelta(days=1))
        transaction.commit()
        assert mailbox.messages() == []
        # two months later, nobody ran it in between: both months are sent
        later = (next_month + timedelta(days=65)).replace(day=2)
        monthly.monthly_notification_report(today=later)
        transaction.commit()
        assert len(mailbox.to("quality@example.org")) == 2


class TestPages:
    def test_statistics_page_has_charts(self, site):
        from plone.testing.zope import Browser

        browser = Browser(site.aq_parent)
        browser.handleErrors = False
        browser.addHeader("Authorization", "Basic quality:demodemo")
        browser.open(site.absolute_url() + "/@@statistics")
        for chart in ("chart-per-month", "chart-processing", "chart-overdue"):
            part = browser.contents.split(f'id="{chart}"', 1)[1].split("</figure>", 1)[
                0
            ]
            assert "<svg" in part and "<path" in part, chart
        for word in ("Student One", "Exam results published", "student1"):
            assert word not in browser.contents
        # notification cases per month: 2 in one combination, below 5
        part = browser.contents.split('id="notifications-per-month"', 1)[1].split(
            "</section>", 1
        )[0]
        assert date.today().strftime("%Y-%m") in part
        assert "fewer than" in part and "Bullying" not in part
        assert "1\u20134" not in part and "1-4" not in part
        # the listed combination once it reaches the threshold
        api.portal.set_registry_record("ntnu.casemgmt.statistics_threshold", 2)
        transaction.commit()
        browser.open(site.absolute_url() + "/@@statistics")
        part = browser.contents.split('id="notifications-per-month"', 1)[1].split(
            "</section>", 1
        )[0]
        row = part.split(date.today().strftime("%Y-%m"), 1)[1].split("</tr>", 1)[0]
        assert "Bullying" in row and ">2<" in row.replace(" ", "")

    @pytest.mark.parametrize("user", ["student1", "reception-ie", "varsling-ie"])
    def test_statistics_page_refused(self, site, user):
        response = client(site, user).get("@@statistics")
        assert (
            response.status_code in (401, 403)
            or "insufficient" in response.url
            or "login" in response.url
        )

    def test_case_report_pdf(self, site):
        from io import BytesIO
        from pypdf import PdfReader

        case = (
            client(site, "reception-ie")
            .get("@cases", params={"review_state": "closed"})
            .json()["items"][0]
        )
        response = client(site, "reception-ie").get(case["@id"] + "/@@case-report.pdf")
        assert response.status_code == 200
        text = "\n".join(
            p.extract_text() for p in PdfReader(BytesIO(response.content)).pages
        )
        assert case["case_number"] in text
        assert "History" in text
        assert "done" in text  # the closing comment
        reporter = client(site, "student1").get(case["@id"] + "/@@case-report.pdf")
        reporter_text = "\n".join(
            p.extract_text() for p in PdfReader(BytesIO(reporter.content)).pages
        )
        assert case["case_number"] in reporter_text
        assert "History" not in reporter_text
        assert client(site, "reception-nv").get(
            case["@id"] + "/@@case-report.pdf"
        ).status_code in (401, 403)

    def test_notification_report_pdf_leaves_out_internal_parts(self, site):
        from io import BytesIO
        from pypdf import PdfReader

        case = make_notification(site, "investigation")
        with api.env.adopt_user(username="varsling-ie"):
            api.content.create(
                container=case,
                type="CaseDocument",
                title="Internal assessment",
                visibility="internal",
            )
            api.content.create(
                container=case,
                type="CaseDocument",
                title="Interview minutes",
                visibility="party",
            )
            case.summary = "Findings here."
        transaction.commit()

        def text(user):
            response = client(site, user).get(
                case.absolute_url() + "/@@case-report.pdf"
            )
            assert response.status_code == 200, user
            return "\n".join(
                p.extract_text() for p in PdfReader(BytesIO(response.content)).pages
            )

        officer, party, notifier = (
            text("varsling-ie"),
            text("student2"),
            text("student1"),
        )
        assert "Internal assessment" in officer and "Interview minutes" in officer
        assert "Internal assessment" not in party and "Interview minutes" in party
        assert "Findings here." in party and "Findings here." not in notifier
        assert "Interview minutes" not in notifier
        assert client(site, "reception-ie").get(
            case.absolute_url() + "/@@case-report.pdf"
        ).status_code in (401, 403)


def test_service_account_with_jwt(site):
    """The external reporting system logs in with plone.restapi's @login."""
    anonymous = client(site)
    token = anonymous.post(
        "@login", {"login": "reporting", "password": "demodemo"}
    ).json()["token"]
    anonymous.session.headers["Authorization"] = f"Bearer {token}"
    response = anonymous.get("@case-statistics")
    assert response.status_code == 200
    assert anonymous.get(
        "@notification-report", params={"month": "2026-01"}
    ).status_code in (401, 403)


def test_statistics_include_cases_not_yet_forwarded(site):
    from test_notification_security import make_notification

    for _ in range(5):
        make_notification(site, "received")
    transaction.commit()
    data = client(site, "quality").get("@case-statistics").json()
    central = [c for c in data["notifications"]["cells"] if c["faculty"] == "central"]
    assert central and central[0]["count"] == 5
    assert central[0]["month"] == date.today().strftime("%Y-%m")


def test_inbox_page_and_cases_show_the_same_rows(site):
    """The HTML inbox and ``@cases`` are one list (``reporting.worklists``):
    the same cases, links and "overdue" flags."""
    from lxml import html

    ie = site["faculties"]["ie"]
    with api.env.adopt_user(username="student1"):
        late, fresh = make_deviation(ie, **DEVIATION), make_deviation(ie, **DEVIATION)
    late.deadline = date.today() - timedelta(days=1)
    late.reindexObject()
    transaction.commit()
    reception = client(site, "reception-ie")
    items = reception.get("@cases", params={"review_state": "submitted"}).json()[
        "items"
    ]
    assert {i["case_number"] for i in items} == {late.case_number, fresh.case_number}
    page = reception.get("@@case-inbox", headers={"Accept": "text/html"})
    rows = html.fromstring(page.text).xpath(
        "//table[contains(@class, 'casemgmt-listing')]/tbody/tr"
    )
    assert {
        (
            row.xpath("td[1]/a/@href")[0],
            row.xpath("td[1]/a/text()")[0],
            "casemgmt-overdue" in row.get("class", ""),
        )
        for row in rows
    } == {(i["@id"], i["case_number"], i["overdue"]) for i in items}
    assert any(i["overdue"] for i in items)
