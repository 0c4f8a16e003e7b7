"""The add-on's OpenAPI document is served, and a schemathesis run against
the live test server finds no server error and no response that breaks it."""

from helpers import Client
from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from lxml import etree
from ntnu.casemgmt.core import ratelimit
from pathlib import Path
from schemathesis.checks import positive_data_acceptance

import base64
import json
import ntnu.casemgmt
import pytest
import schemathesis
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
    for path in (
        "/@report-deviation",
        "/@notify",
        "/@receipt",
        "/@cases",
        "/@case-statistics",
        "/@notification-report",
    ):
        assert path in document["paths"]


PLONE = "http://namespaces.plone.org/plone"
PACKAGE = Path(ntnu.casemgmt.__file__).parent
#: interfaces of a context inside a case: the path names the case
IN_A_CASE = ("ICase", "ICasePart", "IDeviation", "INotificationCase", "IHearing")


def registered_services():
    """``(method, name, for, where)`` of every ``plone:service`` in the
    package's ZCML, found by reading the files (a new one counts at once)."""
    services = []
    for zcml in sorted(PACKAGE.rglob("*.zcml")):
        for node in etree.parse(str(zcml)).iter(f"{{{PLONE}}}service"):
            where = f"{zcml.relative_to(PACKAGE)}:{node.sourceline}"
            services.append((
                node.get("method"),
                node.get("name"),
                node.get("for"),
                where,
            ))
    return services


def documented(document, method, name, inside_case):
    """Whether the document has ``method`` on a path of the service ``name``
    (``.../name`` or ``.../name/{...}``), in a case when ``inside_case``."""
    for path, operations in document["paths"].items():
        segments = path.split("/")
        if name not in segments or method.lower() not in operations:
            continue
        if inside_case == ("{case}" in segments):
            return True
    return False


def test_every_service_is_in_the_document():
    document = json.loads((PACKAGE / "openapi.json").read_text())
    services = registered_services()
    assert len(services) >= 17  # the reading found the registrations
    missing = [
        f"{method} {name} for {for_} ({where})"
        for method, name, for_, where in services
        if not documented(document, method, name, for_.rsplit(".", 1)[-1] in IN_A_CASE)
    ]
    assert not missing, "not in openapi.json:\n" + "\n".join(missing)


def test_the_coverage_check_can_fail():
    document = {"paths": {"/@cases": {"get": {}}, "/x/{case}/@forward": {"post": {}}}}
    assert documented(document, "GET", "@cases", False)
    assert not documented(document, "POST", "@cases", False)  # another method
    assert not documented(document, "GET", "@case", False)  # another name
    assert documented(document, "POST", "@forward", True)
    assert not documented(document, "POST", "@forward", False)  # not at the root


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
        headers["Authorization"] = (
            "Basic " + base64.b64encode(f"{user}:demodemo".encode()).decode()
        )
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            check_operation(operation, url, headers)
        except Exception as exc:  # collect every operation's failure
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


def check_operation(operation, url, headers):
    """Schemathesis's examples of one operation: never a 5xx, and answers
    as the document says."""

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
        assert response.status_code < 500, (
            operation.label,
            response.status_code,
            response.text[:500],
        )
        # Not checked: that every schema-valid request succeeds. Rules the
        # schema cannot express (an unknown faculty code, "to" before
        # "from", a receipt code that matches no case) answer 400/404
        # by design.
        case.validate_response(response, excluded_checks=[positive_data_acceptance])

    check()


@pytest.mark.parametrize(
    "header", ["Basic gICA", "Basic !!!", "Basic " + "x" * 3, "Basic dXNlcg=="]
)
def test_malformed_credentials_are_refused_not_crashed(site, header):
    client = Client(site.absolute_url())
    client.session.headers["Authorization"] = header
    response = client.get("@case-statistics")
    assert response.status_code == 401
