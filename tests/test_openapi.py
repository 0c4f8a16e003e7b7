"""The add-on's OpenAPI document is served, and a schemathesis run against
the live test server finds no server error and no response that breaks it."""

from helpers import Client
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from ntnu.casemgmt.core import ratelimit

import base64
import pytest
import schemathesis
from schemathesis.checks import positive_data_acceptance
import transaction


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    return demo_functional["portal"]


def test_document_is_served(site):
    response = Client(site.absolute_url()).get("@casemgmt-openapi")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": site.absolute_url()}]
    for path in ("/@report-deviation", "/@notify", "/@receipt", "/@cases", "/@case-statistics", "/@notification-report"):
        assert path in document["paths"]


@pytest.mark.parametrize("user", ["quality", "student1", None])
def test_schemathesis_finds_nothing(site, user):
    transaction.commit()
    url = site.absolute_url()
    document = Client(url).get("@casemgmt-openapi").json()
    schema = schemathesis.openapi.from_dict(document)
    headers = {"Accept": "application/json"}
    if user:
        # a header (not requests' auth=), so schemathesis's check that bad
        # credentials are refused can replace it
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:demodemo".encode()).decode()
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            # the rate limits would answer 429 to most of a long run
            ratelimit.reset()
            # plone.rest answers services only to JSON clients: part of the
            # case itself, so the checks' own requests carry it too
            case.headers = {**(case.headers or {}), "Accept": "application/json"}
            response = case.call(base_url=url, headers=headers, timeout=60)
            assert response.status_code < 500, (operation.label, response.status_code, response.text[:500])
            # Not checked: that every schema-valid request succeeds. Rules the
            # schema cannot express (an unknown faculty code, "to" before
            # "from", a receipt code that matches no case) answer 400/404
            # by design.
            case.validate_response(response, excluded_checks=[positive_data_acceptance])

        try:
            check()
        except Exception as exc:  # collect every operation's failure
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("header", ["Basic gICA", "Basic !!!", "Basic " + "x" * 3, "Basic dXNlcg=="])
def test_malformed_credentials_are_refused_not_crashed(site, header):
    client = Client(site.absolute_url())
    client.session.headers["Authorization"] = header
    response = client.get("@case-statistics")
    assert response.status_code == 401
