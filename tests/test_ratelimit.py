"""Rate limits (SPEC §6, issue 14 item 10 and 11): counted per client in a
store all instances share, never a lock-out of others: over a limit a
client is heard with a proof of work; wrong passwords are refused per
(log-in name, client).

The test server is told to trust itself as a reverse proxy, so each test
client is the address it sends in ``X-Forwarded-For``. Time is moved by
replacing ``ratelimit.clock``, never by waiting; proofs are made easy
(``EASY`` bits) so that no test depends on the machine's speed.
"""

from helpers import Client
from html.parser import HTMLParser
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.core.logins import install_login_throttle
from ntnu.casemgmt.core.logins import PLUGIN_ID
from ntnu.casemgmt.core.logins import uninstall_login_throttle
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin

import hashlib
import itertools
import json
import pytest
import requests
import socket
import time
import transaction
import uuid
import ZPublisher.HTTPRequest


EASY = 6

NOTIFICATION = {
    "title": "Comments in the lab group",
    "category": "harassment",
    "event_description": "Repeated comments about my background in lab sessions.",
    "accused_faculty": "ie",
}

WRONG = "0000000000000000-not-a-code"


class Clock:
    """A clock the test moves."""

    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(ratelimit, "clock", clock)
    return clock


@pytest.fixture
def site(demo_functional, monkeypatch, clock):
    ratelimit.reset()
    monkeypatch.setattr(ratelimit, "DIFFICULTY", EASY)
    # The test server trusts itself as a proxy: X-Forwarded-For is the client.
    monkeypatch.setattr(ZPublisher.HTTPRequest, "trusted_proxies", ["127.0.0.1"])
    yield demo_functional["portal"]
    ratelimit.reset()


def client(site, address, user=None, password="demodemo"):
    """A REST client at ``address``."""
    result = Client(site.absolute_url(), user, password)
    result.session.headers["X-Forwarded-For"] = address
    return result


def set_record(site, name, value):
    transaction.begin()
    site.portal_registry[name] = value
    transaction.commit()


def sha(value):
    if isinstance(value, str):
        value = value.encode("utf-8")
    return hashlib.sha256(value).hexdigest()


def solves(challenge, counter, difficulty, bound):
    digest = hashlib.sha256(f"{challenge}:{counter}:{bound}".encode()).digest()
    return int.from_bytes(digest, "big") >> (256 - difficulty) == 0


def solve(challenge, difficulty, bound, not_for=None):
    """What a client does: find the counter (the spec's rule, written out
    here rather than taken from the module under test). ``not_for``: a
    counter that happens to solve the challenge for that bound too is
    skipped, so that a test of "bound to X" cannot pass by luck (the tests'
    easy difficulty makes that a 1 in 64 chance)."""
    for counter in itertools.count():
        if solves(challenge, counter, difficulty, bound) and not (
            not_for and solves(challenge, counter, difficulty, not_for)
        ):
            return f"{challenge}:{counter}"


def proof_for(refused, bound, not_for=None):
    error = refused.json()["error"]
    return solve(error["challenge"], error["difficulty"], bound, not_for)


def notify(site, address="198.51.100.200"):
    """An anonymous notification; its receipt code."""
    response = client(site, address).post("@notify", NOTIFICATION)
    assert response.status_code == 201, response.text
    return response.json()["receipt"], response.json()["case_number"]


def lookup(who, code, proof=None):
    headers = {ratelimit.PROOF_HEADER: proof} if proof else {}
    return who.post("@receipt", {"receipt": code}, headers=headers)


def guess(who, times):
    for _ in range(times):
        assert lookup(who, WRONG).status_code == 404


# -- wrong receipt codes ------------------------------------------------


def test_eleventh_wrong_code_is_asked_for_a_proof_and_then_heard(site):
    code, number = notify(site)
    attacker = client(site, "192.0.2.1")
    guess(attacker, 10)
    refused = lookup(attacker, code)
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["type"] == "TooManyRequests"
    assert error["difficulty"] == EASY
    assert error["challenge"]
    # the right code with a proof is answered: never refused
    answered = lookup(attacker, code, proof_for(refused, sha(code)))
    assert answered.status_code == 200, answered.text
    assert answered.json()["case_number"] == number
    # a wrong one with a proof is just wrong
    refused = lookup(attacker, WRONG)
    assert refused.status_code == 429
    assert lookup(attacker, WRONG, proof_for(refused, sha(WRONG))).status_code == 404
    # and without a proof the client is still over the limit
    assert lookup(attacker, code).status_code == 429


def test_other_clients_are_not_affected(site):
    code, _number = notify(site)
    attacker = client(site, "192.0.2.1")
    guess(attacker, 10)
    assert lookup(attacker, code).status_code == 429
    # same socket address (the proxy), another client behind it
    notifier = client(site, "192.0.2.2")
    assert lookup(notifier, code).status_code == 200
    assert lookup(notifier, WRONG).status_code == 404
    # the message path is limited the same way
    refused = attacker.post("@receipt/message", {"receipt": code, "text": "Hello"})
    assert refused.status_code == 429
    sent = attacker.post(
        "@receipt/message",
        {"receipt": code, "text": "Hello"},
        headers={ratelimit.PROOF_HEADER: proof_for(refused, sha(code))},
    )
    assert sent.status_code == 201, sent.text


def test_a_proof_is_bound_to_its_code_kind_and_time_and_used_once(site, clock):
    code, _ = notify(site)
    attacker = client(site, "192.0.2.1")
    guess(attacker, 10)
    # for one code, not another
    refused = lookup(attacker, WRONG)
    proof = proof_for(refused, sha(WRONG), not_for=sha(code))
    assert lookup(attacker, code, proof).status_code == 429
    # once
    proof = proof_for(lookup(attacker, code), sha(code))
    assert lookup(attacker, code, proof).status_code == 200
    assert lookup(attacker, code, proof).status_code == 429
    # tampered: a signature changed, or an easier difficulty
    challenge = lookup(attacker, code).json()["error"]["challenge"]
    forged = challenge[:-1] + ("0" if challenge[-1] != "0" else "1")
    assert lookup(attacker, code, solve(forged, EASY, sha(code))).status_code == 429
    kind, expires, nonce, _difficulty, signature = challenge.split(".")
    easier = ".".join((kind, expires, nonce, "1", signature))
    assert lookup(attacker, code, solve(easier, 1, sha(code))).status_code == 429
    # a challenge of another kind (anonymous submissions)
    set_record(site, "ntnu.casemgmt.anonymous_submissions_per_hour", 1)
    notify(site, "192.0.2.1")
    other = attacker.post("@notify", NOTIFICATION)
    assert other.status_code == 429
    assert other.json()["error"]["challenge"].startswith("submission.")
    assert lookup(attacker, code, proof_for(other, sha(code))).status_code == 429
    # expired (the client is still over the limit: 15 minutes)
    proof = proof_for(lookup(attacker, code), sha(code))
    clock.advance(ratelimit.CHALLENGE_LIFETIME + 1)
    assert lookup(attacker, code, proof).status_code == 429
    # garbage
    for proof in (
        "",
        "x",
        ":",
        "a.b.c.d.e:1",
        challenge + ":-1",
        challenge + ":1" * 300,
    ):
        assert lookup(attacker, code, proof).status_code == 429


def test_the_window_passes(site, clock):
    attacker = client(site, "192.0.2.1")
    guess(attacker, 10)
    assert lookup(attacker, WRONG).status_code == 429
    clock.advance(15 * 60 + 1)
    assert lookup(attacker, WRONG).status_code == 404


def test_registry_sets_the_wrong_code_limit(site):
    attacker = client(site, "192.0.2.1")
    set_record(site, "ntnu.casemgmt.wrong_receipts_per_quarter", 0)
    guess(attacker, 15)
    set_record(site, "ntnu.casemgmt.wrong_receipts_per_quarter", 2)
    guess(attacker, 2)
    assert lookup(attacker, WRONG).status_code == 429
    set_record(site, "ntnu.casemgmt.wrong_receipts_per_quarter", 0)
    assert lookup(attacker, WRONG).status_code == 404


def test_ipv6_clients_are_counted_per_64_network(site):
    code, _ = notify(site)
    guess(client(site, "2001:db8:1:2::1"), 10)
    assert lookup(client(site, "2001:db8:1:2::ffff"), code).status_code == 429
    assert lookup(client(site, "2001:db8:1:3::1"), code).status_code == 200


def test_client_key_follows_trusted_proxies(monkeypatch):
    from ZPublisher.HTTPRequest import HTTPRequest
    from ZPublisher.HTTPResponse import HTTPResponse

    import io

    def request(remote, forwarded):
        environ = {
            "REMOTE_ADDR": remote,
            "HTTP_X_FORWARDED_FOR": forwarded,
            "REQUEST_METHOD": "GET",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
        }
        return HTTPRequest(io.BytesIO(), environ, HTTPResponse())

    monkeypatch.setattr(ZPublisher.HTTPRequest, "trusted_proxies", [])
    # not a trusted proxy: the forwarded address is the client's word only
    spoofed = request("10.0.0.9", "192.0.2.1"), request("10.0.0.9", "192.0.2.2")
    assert ratelimit.client_key(spoofed[0]) == ratelimit.client_key(spoofed[1])
    monkeypatch.setattr(ZPublisher.HTTPRequest, "trusted_proxies", ["10.0.0.9"])
    one, other = request("10.0.0.9", "192.0.2.1"), request("10.0.0.9", "192.0.2.2")
    assert ratelimit.client_address(one) == "192.0.2.1"
    assert ratelimit.client_key(one) != ratelimit.client_key(other)
    # a keyed hash: no address in it
    assert "192.0.2.1" not in ratelimit.client_key(one)
    monkeypatch.setenv(ratelimit.KEY_ENVIRONMENT, "shared by every instance")
    assert ratelimit.client_key(one) == ratelimit.client_key(
        request("10.0.0.9", "192.0.2.1")
    )
    assert (
        ratelimit.client_address(request("10.0.0.9", "::ffff:192.0.2.7")) == "192.0.2.7"
    )


def test_difficulty_is_about_a_second_in_a_browser():
    assert 16 <= ratelimit.DIFFICULTY <= 20
    assert ratelimit.leading_zero_bits(bytes([0, 0, 0x3F]) + bytes(29)) == 18
    assert ratelimit.leading_zero_bits(bytes(32)) == 256


# -- anonymous submissions ----------------------------------------------


def submit(who, body=NOTIFICATION, proof=None):
    """POST @notify with exactly these bytes (the proof is bound to them)."""
    data = json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if proof:
        headers[ratelimit.PROOF_HEADER] = proof
    return who.session.post(
        who.url("@notify"), data=data, headers=headers, timeout=60
    ), data


def test_anonymous_submissions_over_the_limit_need_a_proof(site):
    set_record(site, "ntnu.casemgmt.anonymous_submissions_per_hour", 2)
    sender = client(site, "192.0.2.1")
    assert [submit(sender)[0].status_code for _ in range(2)] == [201, 201]
    refused, data = submit(sender)
    assert refused.status_code == 429
    assert refused.json()["error"]["type"] == "TooManyRequests"
    proof = proof_for(refused, sha(data))
    accepted, _ = submit(sender, proof=proof)
    assert accepted.status_code == 201, accepted.text
    assert "receipt" in accepted.json()
    # the same proof again: no second case
    assert submit(sender, proof=proof)[0].status_code == 429
    # bound to the body
    other = dict(NOTIFICATION, title="Another title")
    refused, data = submit(sender, other)
    third = dict(other, title="A third title")
    proof = proof_for(refused, sha(data), not_for=sha(json.dumps(third)))
    assert submit(sender, third, proof)[0].status_code == 429
    # nobody else is affected, and a named notifier is not limited
    assert submit(client(site, "192.0.2.2"))[0].status_code == 201
    assert submit(client(site, "192.0.2.1", "student1"))[0].status_code == 201
    # 0 turns the limit off
    set_record(site, "ntnu.casemgmt.anonymous_submissions_per_hour", 0)
    assert submit(sender)[0].status_code == 201


def test_refused_submission_stores_nothing(site):
    set_record(site, "ntnu.casemgmt.anonymous_submissions_per_hour", 1)
    sender = client(site, "192.0.2.1")
    assert submit(sender)[0].status_code == 201
    transaction.begin()
    before = len(
        site.portal_catalog.unrestrictedSearchResults(portal_type="NotificationCase")
    )
    assert submit(sender)[0].status_code == 429
    transaction.begin()
    assert (
        len(
            site.portal_catalog.unrestrictedSearchResults(
                portal_type="NotificationCase"
            )
        )
        == before
    )


# -- the browser forms --------------------------------------------------


class Inputs(HTMLParser):
    """The named inputs of the form with ``id``."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.values = {}
        self.attributes = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[attrs["name"]] = attrs.get("value") or ""
            self.attributes[attrs["name"]] = attrs

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def form_inputs(html, form_id):
    parser = Inputs(form_id)
    parser.feed(html)
    return parser


def browser(site, address, language="en"):
    session = requests.Session()
    session.headers.update({
        "Accept": "text/html",
        "Accept-Language": language,
        "X-Forwarded-For": address,
    })
    return session


def test_receipt_page_over_the_limit(site):
    code, number = notify(site)
    guess(client(site, "192.0.2.1"), 10)
    page = browser(site, "192.0.2.1")
    url = site.absolute_url() + "/@@receipt"
    html = page.get(url, timeout=60).text
    assert "crypto.subtle" in html
    form = form_inputs(html, "receipt-form")
    challenge = form.attributes[ratelimit.CHALLENGE_FIELD]
    assert challenge["data-bind"] == "receipt"
    fields = dict(form.values, receipt=code, **{"form.buttons.show": "Show the case"})
    assert fields["_authenticator"]
    # no proof (no JavaScript): a clear message, not the case
    answer = page.post(url, data=fields, timeout=60).text
    assert "Many wrong receipt codes have come from your network" in answer
    assert number not in answer
    # with the proof the form's script computes
    fields[ratelimit.PROOF_FIELD] = solve(
        challenge["value"], int(challenge["data-difficulty"]), sha(code)
    )
    answer = page.post(url, data=fields, timeout=60).text
    assert number in answer
    # in Norwegian
    norwegian = browser(site, "192.0.2.1", "nb")
    html = norwegian.get(url, timeout=60).text
    nb_fields = dict(
        form_inputs(html, "receipt-form").values,
        receipt=code,
        **{"form.buttons.show": "Vis saken"},
    )
    assert (
        "Det har kommet mange feil kvitteringskoder"
        in norwegian.post(url, data=nb_fields, timeout=60).text
    )
    # the message form carries a challenge of its own
    message = form_inputs(answer, "message-form")
    challenge = message.attributes[ratelimit.CHALLENGE_FIELD]
    fields = dict(
        message.values, text="One more thing.", **{"form.buttons.send": "Send message"}
    )
    fields[ratelimit.PROOF_FIELD] = solve(
        challenge["value"], int(challenge["data-difficulty"]), sha(code)
    )
    assert "One more thing." in page.post(url, data=fields, timeout=60).text


def test_notify_form_over_the_limit(site):
    set_record(site, "ntnu.casemgmt.anonymous_submissions_per_hour", 1)
    notify(site, "192.0.2.1")
    page = browser(site, "192.0.2.1")
    url = site.absolute_url() + "/@@notify"
    html = page.get(url, timeout=60).text
    assert "crypto.subtle" in html
    form = form_inputs(html, "form")
    challenge = form.attributes[ratelimit.CHALLENGE_FIELD]
    assert challenge["data-bind"] == "form.widgets.event_description"
    # a browser sends the text's line ends as CRLF; the script sees LF
    text = "In the lab.\r\nEvery week."
    fields = dict(
        form.values,
        **{
            "form.widgets.category:list": "bullying",
            "form.widgets.title": "Exclusion from the study group",
            "form.widgets.event_description": text,
            "form.widgets.website": "",
            "form.buttons.send": "Send notification",
        },
    )
    if "_authenticator" not in fields:
        # plone.protect's token for this (anonymous) user, as the receipt page has it
        receipt_page = page.get(site.absolute_url() + "/@@receipt", timeout=60).text
        fields["_authenticator"] = form_inputs(receipt_page, "receipt-form").values[
            "_authenticator"
        ]
    answer = page.post(url, data=fields, timeout=60).text
    assert "Many notifications have come from your network" in answer
    assert 'id="receipt-code"' not in answer
    fields[ratelimit.PROOF_FIELD] = solve(
        challenge["value"],
        int(challenge["data-difficulty"]),
        sha("In the lab.\nEvery week."),
    )
    answer = page.post(url, data=fields, timeout=60).text
    assert 'id="receipt-code"' in answer
    # the honeypot still works, proof or not
    fields["form.widgets.website"] = "http://spam.example"
    assert 'id="receipt-code"' not in page.post(url, data=fields, timeout=60).text


# -- the shared store ---------------------------------------------------


PG = ("127.0.0.1", 5432)


def postgres_reachable():
    try:
        with socket.create_connection(PG, timeout=30):
            return True
    except OSError:
        return False


@pytest.fixture
def database():
    """A throwaway PostgreSQL database, dropped afterwards."""
    if not postgres_reachable():
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    import psycopg2

    name = f"casemgmt_ratelimit_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dbname="test", host=PG[0], port=PG[1], user="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    try:
        yield f"dbname='{name}' host='{PG[0]}' port='{PG[1]}' user='postgres'"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def test_two_instances_share_one_count(database):
    first, second = ratelimit.PostgresStore(database), ratelimit.PostgresStore(database)
    now = 1_000_000.0
    for step in range(3):
        first.add("client", "receipt", now + step, 900)
    second.add("client", "receipt", now + 3, 900)
    assert first.count("client", "receipt", now - 900) == 4
    assert second.count("client", "receipt", now - 900) == 4
    assert second.count("client", "receipt", now + 1.5) == 2
    assert second.count("client", "submission", now - 900) == 0
    assert second.count("other", "receipt", now - 900) == 0
    # a challenge is spent once, whichever instance sees it
    assert first.spend("nonce", now + 600, now) is True
    assert second.spend("nonce", now + 600, now) is False
    # old rows go as new ones come
    second.add("client", "receipt", now + 2000, 900)
    assert second.count("client", "receipt", 0) == 1
    assert first.spend("nonce", now + 3000, now + 2000) is True
    first.clear()
    assert second.count("client", "receipt", 0) == 0
    first.drop()
    second.drop()


def test_limits_count_in_postgresql_when_configured(database, monkeypatch):
    monkeypatch.setattr(ratelimit, "_store", None)
    monkeypatch.setattr(
        ratelimit,
        "_product_config",
        lambda: {"rate_limit_dsn": database, "rate_limit_key": "k"},
    )
    store = ratelimit.get_store()
    assert isinstance(store, ratelimit.PostgresStore)
    try:
        for _ in range(10):
            ratelimit.WRONG_RECEIPTS.hit("client")
        # another instance: another store object on the same database
        monkeypatch.setattr(ratelimit, "_store", ratelimit.PostgresStore(database))
        assert ratelimit.WRONG_RECEIPTS.over("client")
        assert not ratelimit.WRONG_RECEIPTS.over("another client")
    finally:
        store.drop()


def test_the_site_works_over_http_with_the_postgresql_store(
    site, database, monkeypatch
):
    previous, store = ratelimit.get_store(), ratelimit.PostgresStore(database)
    monkeypatch.setattr(ratelimit, "_store", store)
    try:
        code, _ = notify(site)
        attacker = client(site, "192.0.2.1")
        guess(attacker, 10)
        refused = lookup(attacker, code)
        assert refused.status_code == 429
        assert lookup(attacker, code, proof_for(refused, sha(code))).status_code == 200
        assert lookup(client(site, "192.0.2.2"), code).status_code == 200
    finally:
        monkeypatch.setattr(ratelimit, "_store", previous)
        store.drop()


def test_a_broken_store_does_not_close_the_site(monkeypatch):
    monkeypatch.setattr(
        ratelimit,
        "_store",
        ratelimit.PostgresStore("host='127.0.0.1' port='1' dbname='x' user='x'"),
    )
    assert not ratelimit.WRONG_RECEIPTS.over("client")
    ratelimit.WRONG_RECEIPTS.hit("client")


def test_memory_store_forgets_old_entries():
    store = ratelimit.MemoryStore()
    store.add("a", "receipt", 100.0, 900)
    store.add("b", "receipt", 2000.0, 900)
    assert store.count("a", "receipt", 0) == 0
    assert ("a", "receipt") not in store._events
    assert store.spend("n", 50.0, 10.0) and not store.spend("n", 50.0, 11.0)
    assert store.spend("n", 5000.0, 3000.0)


# -- wrong passwords ----------------------------------------------------


@pytest.fixture
def throttled(site):
    install_login_throttle(site)
    transaction.commit()
    set_record(site, "ntnu.casemgmt.wrong_passwords_per_quarter", 3)
    return site


def logged_in(who, user="student1"):
    """Whether the request's credentials are accepted (basic auth)."""
    status = who.get(f"@users/{user}").status_code
    assert status in (200, 401)
    return status == 200


def test_install_is_safe_twice_and_undone_by_uninstall(site):
    registry = site.acl_users.plugins
    uninstall_login_throttle(site)  # the profile installed it
    before = list(registry.listPluginIds(IAuthenticationPlugin))
    assert "source_users" in before
    install_login_throttle(site)
    install_login_throttle(site)
    after = list(registry.listPluginIds(IAuthenticationPlugin))
    assert after == [PLUGIN_ID if i == "source_users" else i for i in before]
    uninstall_login_throttle(site)
    uninstall_login_throttle(site)
    assert list(registry.listPluginIds(IAuthenticationPlugin)) == before
    assert PLUGIN_ID not in site.acl_users.objectIds()
    transaction.abort()


def test_wrong_passwords_refuse_that_login_from_that_client_only(throttled, clock):
    site = throttled
    assert logged_in(client(site, "192.0.2.1", "student1"))
    for _ in range(3):
        assert not logged_in(client(site, "192.0.2.1", "student1", "wrong"))
    # the right password, from the guesser's address: refused
    assert not logged_in(client(site, "192.0.2.1", "student1"))
    # the same person elsewhere, another user from that address: accepted
    assert logged_in(client(site, "192.0.2.2", "student1"))
    assert logged_in(client(site, "192.0.2.1", "student2"), "student2")
    # until the window passes
    clock.advance(15 * 60 + 1)
    assert logged_in(client(site, "192.0.2.1", "student1"))


def test_jwt_login_and_login_form_are_throttled_too(throttled):
    site = throttled
    url = site.absolute_url()
    for _ in range(3):
        assert (
            client(site, "192.0.2.1")
            .post("@login", {"login": "student1", "password": "wrong"})
            .status_code
            == 401
        )
    assert (
        client(site, "192.0.2.1")
        .post("@login", {"login": "student1", "password": "demodemo"})
        .status_code
        == 401
    )
    answer = client(site, "192.0.2.2").post(
        "@login", {"login": "student1", "password": "demodemo"}
    )
    assert answer.status_code == 200
    assert answer.json()["token"]

    def form_login(address):
        page = browser(site, address)
        fields = dict(
            form_inputs(page.get(url + "/login", timeout=60).text, "LoginForm").values
        )
        fields.update({
            "__ac_name": "student1",
            "__ac_password": "demodemo",
            "buttons.login": "Log in",
        })
        page.post(url + "/login", data=fields, timeout=60)
        return "__ac" in page.cookies

    assert not form_login("192.0.2.1")
    assert form_login("192.0.2.2")


def test_limit_zero_and_users_of_the_test_layer(throttled):
    site = throttled
    set_record(site, "ntnu.casemgmt.wrong_passwords_per_quarter", 0)
    for _ in range(5):
        assert not logged_in(client(site, "192.0.2.1", "student1", "wrong"))
    assert logged_in(client(site, "192.0.2.1", "student1"))
    tester = client(site, "192.0.2.1", TEST_USER_NAME, TEST_USER_PASSWORD)
    assert logged_in(tester, TEST_USER_ID)
