"""Sign-in with Feide (SPEC §10) through the real authorization-code flow:
the local provider of idp/ (npm ``oidc-provider``) on a free loopback port,
the site's ``pas.plugins.oidc`` plugin pointed at it, and headless Chromium
clicking "Log in with Feide" and filling the provider's log-in form.

Skipped without node, idp's npm packages (``npm ci``) or Debian's chromium,
except under CI=true, where they must run (``make test`` installs them).
Screenshots go to var/screenshots/signin-*.png.
"""

from helpers import CHROMIUM
from helpers import launch_chromium
from pathlib import Path
from plone import api
from urllib.parse import urljoin

import json
import os
import pytest
import re
import shutil
import socket
import subprocess
import time
import transaction
import urllib.request


ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")
IDP = ROOT / "idp" / "server.mjs"
IDP_PACKAGE = ROOT / "node_modules" / "oidc-provider" / "package.json"
SCREENSHOTS = ROOT / "var" / "screenshots"
CLIENT_ID = "casemgmt"
SECRET = "casemgmt-test-secret"
#: The provider starts in a second or two; a loaded CI machine may need more.
IDP_START_LIMIT = 120

pytestmark = pytest.mark.slow

if not (NODE and IDP_PACKAGE.exists() and Path(CHROMIUM).exists()):
    if os.environ.get("CI") == "true":
        raise RuntimeError(
            "CI needs node, node_modules/oidc-provider (npm ci) and "
            "/usr/bin/chromium: run make browser"
        )
    pytest.skip(
        "no node, idp packages or Debian chromium here: run `make browser`",
        allow_module_level=True,
    )

sync_api = pytest.importorskip("playwright.sync_api")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_discovery(process, issuer, log):
    """Poll the discovery document until the provider answers (or dies)."""
    url = f"{issuer}/.well-known/openid-configuration"
    deadline = time.monotonic() + IDP_START_LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the provider exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310
                return json.load(answer)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no discovery document at {url}: {log.read_text()}")


@pytest.fixture
def site(demo_functional):
    transaction.commit()
    return demo_functional["portal"]


@pytest.fixture
def identities(tmp_path):
    """A copy of idp/identities.json the provider reads at every sign-in."""
    path = tmp_path / "identities.json"
    shutil.copy(ROOT / "idp" / "identities.json", path)
    return path


@pytest.fixture
def code_ttl():
    """Seconds the provider's authorization codes live."""
    return 60


@pytest.fixture
def feide_like():
    """Whether the provider, as Feide, gives affiliation and org unit in its
    extended userinfo only (IDP_FEIDE_LIKE=1), and the site asks for it."""
    return False


@pytest.fixture
def idp(site, identities, tmp_path, code_ttl, feide_like):
    """The provider, knowing the test site's callback; the site's plugin
    configured against it. Yields the issuer."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    callback = f"{site.absolute_url()}/acl_users/oidc/callback"
    env = dict(
        os.environ,
        IDP_PORT=str(port),
        IDP_ISSUER=issuer,
        IDP_IDENTITIES=str(identities),
        IDP_REDIRECT_URIS=callback,
        IDP_CLIENT_ID=CLIENT_ID,
        IDP_CLIENT_SECRET=SECRET,
        IDP_CODE_TTL=str(code_ttl),
        IDP_FEIDE_LIKE="1" if feide_like else "0",
    )
    log = tmp_path / "idp.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [NODE, str(IDP)], env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )
    try:
        discovery = wait_for_discovery(process, issuer, log)
        assert discovery["issuer"] == issuer
        from ntnu.casemgmt.core import signin

        signin.configure(site, issuer, CLIENT_ID, SECRET)
        api.portal.set_registry_record(
            signin.EXTRA_USERINFO_URL,
            f"{issuer}/userinfo/v1/userinfo" if feide_like else "",
        )
        transaction.commit()
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        context = browser.new_context(
            locale="en",
            extra_http_headers={"Accept-Language": "en"},
            viewport={"width": 1280, "height": 900},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60000)
        return page

    yield make
    for context in contexts:
        context.close()


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"signin-{name}.png"), full_page=True)


def to_provider(page, site, issuer):
    """Plone's log-in page -> "Log in with Feide" -> the provider's form."""
    page.goto(f"{site.absolute_url()}/login")
    shot(page, "00-login-page")
    page.click("#feide-login")
    page.wait_for_url(re.compile(re.escape(issuer) + r"/interaction/.*"))


def provider_login(page, userid, password="demodemo"):
    page.fill("#username", userid)
    page.fill("#password", password)
    page.click("button[type=submit]")


def sign_in(page, site, issuer, userid, name=None):
    """The whole flow; back on the site, signed in."""
    to_provider(page, site, issuer)
    if name:
        shot(page, name)
    provider_login(page, userid)
    page.wait_for_url(re.compile(re.escape(site.absolute_url()) + r"(/.*)?$"))
    assert "/acl_users/oidc/callback" not in page.url


def member(userid):
    transaction.begin()  # see what the server's thread committed
    user = api.user.get(userid=userid)
    assert user is not None, f"{userid} was not made a member"
    return user


def refused(page, name, caplog=None, reason=""):
    """The refusal page: clear, no traceback; the reason in the log."""
    shot(page, name)
    if caplog is not None:
        logged = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
        assert any(reason in message for message in logged), logged
    text = page.locator("body").inner_text()
    assert "Traceback" not in page.content()
    assert page.locator("#signin-refused").is_visible(), text[:500]
    return text


def report_deviation(page, site):
    page.goto(site.absolute_url())
    page.click("#report-deviation-button")
    page.select_option("#form-widgets-category", "learning_environment_physical")
    page.fill("#form-widgets-title", "Broken ventilation in the reading room")
    page.fill("#form-widgets-event_description", "It has not worked for weeks.")
    page.fill("#form-widgets-prior_attempts", "Told the caretaker.")
    shot(page, "03-report-form")
    page.click("#form-buttons-send")
    page.wait_for_url(re.compile(r".*/faculties/[a-z]+/avvik-\d{4}-\d{5}$"))
    return page.url


def test_student_signs_in_and_reports_to_nv(site, idp, new_page):
    page = new_page()
    sign_in(page, site, idp, "feide-student", name="01-provider-login")
    shot(page, "02-signed-in")
    assert "Siri Student" in page.content()
    user = member("feide-student")
    assert user.getProperty("faculty") == "nv"
    assert user.getProperty("reporter_role") == "student"
    assert user.getProperty("email") == "feide-student@example.org"
    case_url = report_deviation(page, site)
    assert "/faculties/nv/" in case_url
    shot(page, "04-reported")
    # A later sign-in (another browser) finds the case in My cases.
    later = new_page()
    sign_in(later, site, idp, "feide-student")
    later.get_by_role("link", name="My cases").first.click()
    shot(later, "08-my-cases")
    assert later.locator(f'a[href="{case_url}"]').count() > 0


def test_staff_signs_in_as_staff_of_ie(site, idp, new_page):
    page = new_page()
    sign_in(page, site, idp, "feide-staff")
    user = member("feide-staff")
    assert user.getProperty("reporter_role") == "staff"
    assert user.getProperty("faculty") == "ie"
    assert user.getProperty("fullname") == "Sindre Staff"
    # The report form starts from the identity: faculty ie, as staff.
    page.goto(site.absolute_url())
    page.click("#report-deviation-button")
    assert page.input_value("#form-widgets-faculty") == "ie"
    assert page.input_value("#form-widgets-reporter_role") == "staff"


@pytest.mark.parametrize("feide_like", [True])
def test_feide_like_extended_userinfo_gives_faculty_and_status(
    site, idp, new_page, caplog
):
    """As at Feide, the standard userinfo has no affiliation or org unit:
    they come from the extended userinfo, asked with the access token."""
    page = new_page()
    sign_in(page, site, idp, "feide-staff")
    user = member("feide-staff")
    assert user.getProperty("faculty") == "ie"
    assert user.getProperty("reporter_role") == "staff"
    assert user.getProperty("fullname") == "Sindre Staff"
    assert not any("refused" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("feide_like", [True])
def test_feide_like_without_the_extended_userinfo_has_no_faculty(site, idp, new_page):
    """Control: the provider's standard userinfo alone (URL not set) gives
    neither faculty nor status, so the test above proves the extra call."""
    from ntnu.casemgmt.core import signin

    api.portal.set_registry_record(signin.EXTRA_USERINFO_URL, "")
    transaction.commit()
    sign_in(new_page(), site, idp, "feide-staff")
    user = member("feide-staff")
    assert user.getProperty("faculty") == ""
    assert user.getProperty("reporter_role") == ""


@pytest.mark.parametrize("feide_like", [True])
def test_a_failing_extended_userinfo_is_refused(site, idp, new_page, caplog):
    from ntnu.casemgmt.core import signin

    api.portal.set_registry_record(
        signin.EXTRA_USERINFO_URL, f"{idp}/userinfo/v1/no-such-endpoint"
    )
    transaction.commit()
    page = new_page()
    to_provider(page, site, idp)
    provider_login(page, "feide-staff")
    page.wait_for_url(re.compile(r".*/acl_users/oidc/callback\?.*"))
    refused(page, "11-refused-extended-userinfo", caplog, "extended userinfo")
    assert anonymous(page, site)
    transaction.begin()
    assert api.user.get(userid="feide-staff") is None


def test_an_unknown_org_unit_signs_in_and_chooses_the_faculty(
    site, idp, identities, new_page
):
    people = json.loads(identities.read_text())
    people["feide-guest"] = dict(
        people["feide-staff"],
        name="Gunn Guest",
        email="feide-guest@example.org",
        eduPersonPrimaryOrgUnitDN="ou=Elsewhere,dc=example,dc=org",
    )
    identities.write_text(json.dumps(people))
    page = new_page()
    sign_in(page, site, idp, "feide-guest")
    assert member("feide-guest").getProperty("faculty") == ""
    page.goto(site.absolute_url())
    page.click("#report-deviation-button")
    assert page.input_value("#form-widgets-faculty") == "--NOVALUE--"
    shot(page, "10-unknown-org-unit-form")
    # Sending without choosing is refused with a message at the field.
    page.select_option("#form-widgets-category", "learning_environment_physical")
    page.fill("#form-widgets-title", "Cold rooms")
    page.fill("#form-widgets-event_description", "The rooms are cold.")
    page.fill("#form-widgets-prior_attempts", "Told the caretaker.")
    page.click("#form-buttons-send")
    assert page.locator("#formfield-form-widgets-faculty .invalid-feedback").count()
    page.select_option("#form-widgets-faculty", "ie")
    page.click("#form-buttons-send")
    page.wait_for_url(re.compile(r".*/faculties/ie/avvik-\d{4}-\d{5}$"))


def test_a_move_at_the_provider_follows_at_the_next_sign_in(
    site, idp, identities, new_page
):
    sign_in(new_page(), site, idp, "feide-student")
    assert member("feide-student").getProperty("faculty") == "nv"
    people = json.loads(identities.read_text())
    people["feide-student"]["eduPersonPrimaryOrgUnitDN"] = (
        "ou=IE,ou=units,dc=ntnu,dc=no"
    )
    identities.write_text(json.dumps(people))
    sign_in(new_page(), site, idp, "feide-student")
    assert member("feide-student").getProperty("faculty") == "ie"


def anonymous(page, site):
    """Nobody is signed in in this browser."""
    page.goto(site.absolute_url())
    return page.locator("#personaltools-login").count() > 0


def test_wrong_client_secret_is_refused(site, idp, new_page, caplog):
    from ntnu.casemgmt.core import signin

    signin.plugin().manage_changeProperties(client_secret="not-the-secret")
    transaction.commit()
    page = new_page()
    to_provider(page, site, idp)
    provider_login(page, "feide-student")
    page.wait_for_url(re.compile(r".*/acl_users/oidc/callback\?.*"))
    text = refused(
        page, "05-refused-secret", caplog, "token or userinfo request refused"
    )
    assert "not signed in" in text
    assert anonymous(page, site)
    transaction.begin()
    assert api.user.get(userid="feide-student") is None


def callback_url(page, issuer, userid):
    """Sign in at the provider, but keep the browser from going on to the
    callback: returns the callback URL (with a fresh code) instead.

    A route sees no redirects, so the log-in POST and the provider's
    resume step are fetched here without following them.
    """
    found = []

    def handle(route):
        posted = route.fetch(max_redirects=0)
        resume = urljoin(issuer, posted.headers["location"])
        answer = page.request.get(resume, max_redirects=0)
        found.append(answer.headers["location"])
        route.fulfill(status=200, content_type="text/plain", body="stopped")

    pattern = re.compile(re.escape(issuer) + r"/interaction/[^/]+/login$")
    page.route(pattern, handle)
    provider_login(page, userid)
    page.wait_for_load_state()
    page.unroute(pattern)
    assert found and "/acl_users/oidc/callback?" in found[0], found
    return found[0]


def flow_cookie(page):
    """The browser's sign-in cookie (state, nonce, PKCE verifier)."""
    found = [c for c in page.context.cookies() if c["name"] == "__ac_session"]
    assert found, "no sign-in cookie"
    return found


def test_tampered_state_is_refused(site, idp, new_page, caplog):
    page = new_page()
    to_provider(page, site, idp)
    cookie = flow_cookie(page)
    url = callback_url(page, idp, "feide-student")
    answer = page.goto(re.sub(r"state=[^&]+", "state=forged", url))
    assert answer.status == 403
    refused(page, "06-refused-state", caplog, "state does not match")
    assert anonymous(page, site)
    transaction.begin()
    assert api.user.get(userid="feide-student") is None
    # With the state as sent, the same code signs in: it was the state
    # that was refused.
    page.context.add_cookies(cookie)
    page.goto(url)
    assert not anonymous(page, site)


def test_a_replayed_code_is_refused(site, idp, new_page, caplog):
    page = new_page()
    to_provider(page, site, idp)
    # The sign-in cookie as it was before the callback consumed it: an
    # attacker replaying both.
    cookie = flow_cookie(page)
    callbacks = []
    page.on(
        "request",
        lambda request: (
            callbacks.append(request.url)
            if "/acl_users/oidc/callback?" in request.url
            else None
        ),
    )
    provider_login(page, "feide-student")
    page.wait_for_url(re.compile(re.escape(site.absolute_url()) + r"(/.*)?$"))
    assert callbacks and member("feide-student")

    other = new_page()
    other.context.add_cookies(cookie)
    assert other.goto(callbacks[0]).status == 403
    refused(other, "07-refused-replay", caplog, "token or userinfo request refused")
    assert anonymous(other, site)


@pytest.mark.parametrize("code_ttl", [1])
def test_an_expired_code_is_refused(site, idp, new_page, caplog):
    page = new_page()
    to_provider(page, site, idp)
    url = callback_url(page, idp, "feide-student")
    time.sleep(2.5)  # the code lives one second
    assert page.goto(url).status == 403
    refused(page, "09-refused-expired", caplog, "token or userinfo request refused")
    assert anonymous(page, site)
