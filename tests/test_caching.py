"""Caching: nothing a case shows is ever stored by a shared cache; static
resources are cached long."""

from helpers import Client
from test_deviation_security import make_case

import pytest
import re
import transaction


@pytest.fixture
def site(demo_functional):
    case = make_case(demo_functional["portal"], "in_progress")
    transaction.commit()
    return demo_functional["portal"], case


def not_shared(response):
    value = response.headers.get("Cache-Control", "")
    return "public" not in value and (
        "private" in value or "no-store" in value or "no-cache" in value
    )


@pytest.mark.parametrize(
    "path,accept",
    [
        ("{case}", "text/html"),
        ("{case}", "application/json"),
        ("{case}/@@case-report.pdf", "*/*"),
        ("{site}/@@my-work", "text/html"),
        ("{site}/@cases", "application/json"),
        ("{site}/@case-statistics", "application/json"),
    ],
)
def test_case_data_never_in_a_shared_cache(site, path, accept):
    portal, case = site
    user = "quality" if "statistics" in path else "reception-ie"
    client = Client(portal.absolute_url(), user)
    client.session.headers["Accept"] = accept
    response = client.get(
        path.format(case=case.absolute_url(), site=portal.absolute_url())
    )
    assert response.status_code == 200
    assert not_shared(response), response.headers.get("Cache-Control")


def test_static_resources_are_cached_long(site):
    portal, _ = site
    client = Client(portal.absolute_url(), "student1")
    client.session.headers["Accept"] = "text/html"
    page = client.get(portal.absolute_url()).text
    resource = re.search(
        r'(?:src|href)="([^"]+\+\+plone\+\+static[^"]+\.(?:js|css))"', page
    ).group(1)
    response = client.get(resource)
    assert response.status_code == 200
    match = re.search(r"max-age=(\d+)", response.headers.get("Cache-Control", ""))
    assert match and int(match.group(1)) >= 86400, response.headers.get("Cache-Control")
