"""The ``ntnu.casemgmt:demo`` profile: faculties, users, groups, guidelines.

For development and demonstrations only (SPEC §9): every demo user has the
password ``demodemo``. Safe to apply again; what exists is left alone.
"""

from datetime import date
from ntnu.casemgmt.browser import footer
from ntnu.casemgmt.core.places import faculties_folder
from ntnu.casemgmt.core.roles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.core.roles import faculty_group
from ntnu.casemgmt.core.roles import QUALITY_DIVISION_GROUP
from ntnu.casemgmt.core.signin import ORGUNIT_MAP
from ntnu.casemgmt.demo.guidelines import GUIDELINES
from pathlib import Path
from plone import api
from plone.app.portlets.portlets import classic
from plone.app.textfield.value import RichTextValue
from plone.formwidget.namedfile.converter import b64encode_file
from plone.portlet.static import static
from plone.portlets.interfaces import IPortletAssignmentMapping
from plone.portlets.interfaces import IPortletManager
from zope.component import getMultiAdapter
from zope.component import getUtility


PASSWORD = "demodemo"  # noqa: S105 (the demo users' documented password)

FACULTIES = [
    ("ad", "Fakultet for arkitektur og design"),
    ("hf", "Det humanistiske fakultet"),
    ("ie", "Fakultet for informasjonsteknologi og elektroteknikk"),
    ("iv", "Fakultet for ingeniørvitenskap"),
    ("mh", "Fakultet for medisin og helsevitenskap"),
    ("nv", "Fakultet for naturvitenskap"),
    ("su", "Fakultet for samfunns- og utdanningsvitenskap"),
    ("ok", "Fakultet for økonomi"),
    ("vm", "NTNU Vitenskapsmuseet"),
]

# user id, full name, member faculty, groups, global roles
USERS = [
    ("student1", "Student One", "ie", [], []),
    ("student2", "Student Two", "nv", [], []),
    ("staff1", "Staff One", "ie", [], []),
    (
        "reception-ie",
        "Reception IE",
        "ie",
        [faculty_group("ie", "deviation-reception")],
        [],
    ),
    (
        "reception-nv",
        "Reception NV",
        "nv",
        [faculty_group("nv", "deviation-reception")],
        [],
    ),
    ("caseworker-ie", "Case Worker IE", "ie", [], []),
    (
        "linemanager-ie",
        "Line Manager IE",
        "ie",
        [faculty_group("ie", "line-managers")],
        [],
    ),
    ("speakup", "SpeakUp Reception", "", [CENTRAL_RECEPTION_GROUP], []),
    (
        "varsling-ie",
        "Notification Unit IE",
        "ie",
        [faculty_group("ie", "notification-unit")],
        [],
    ),
    (
        "varsling-nv",
        "Notification Unit NV",
        "nv",
        [faculty_group("nv", "notification-unit")],
        [],
    ),
    ("dean-ie", "Dean IE", "ie", [], []),
    ("quality", "Quality Division", "", [QUALITY_DIVISION_GROUP], []),
    ("reporting", "Reporting Service", "", [], ["StatisticsReader"]),
    ("editor", "Guideline Editor", "", [], []),
]

GUIDELINES_ID = "guidelines"

#: The org units of make idp's identities (idp/identities.json) and their
#: faculties (SPEC section 10).
ORGUNITS = (
    "ou=NV,ou=units,dc=ntnu,dc=no nv",
    "ou=IE,ou=units,dc=ntnu,dc=no ie",
)


def create_faculties():
    """The nine demo faculties (their groups come with them)."""
    folder = faculties_folder()
    for code, title in FACULTIES:
        if code not in folder:
            api.content.create(
                container=folder,
                type="Faculty",
                id=code,
                title=title,
                code=code,
                reception_email=f"{code}-reception@example.org",
            )


def create_users():
    """Demo users of SPEC §9 with their groups and roles."""
    for user_id, fullname, faculty, groups, roles in USERS:
        user = api.user.get(userid=user_id)
        if user is None:
            user = api.user.create(
                email=f"{user_id}@example.org",
                username=user_id,
                password=PASSWORD,
                properties={"fullname": fullname, "faculty": faculty},
            )
        for group in groups:
            api.group.add_user(groupname=group, username=user_id)
        if roles:
            api.user.grant_roles(username=user_id, roles=roles)


def create_guidelines(portal):
    """``/guidelines`` with the demo pages, each linked to its translation."""
    if GUIDELINES_ID not in portal:
        api.content.create(
            container=portal, type="Folder", id=GUIDELINES_ID, title="Guidelines"
        )
    folder = portal[GUIDELINES_ID]
    # SPEC §9: role Editor on /guidelines. Contributor as well, so the editor
    # can also add new guideline pages there.
    api.user.grant_roles(username="editor", roles=["Editor", "Contributor"], obj=folder)
    for page in GUIDELINES:
        if page["id"] in folder:
            continue
        api.content.create(
            container=folder,
            type="Guideline",
            id=page["id"],
            title=page["title"],
            description=page["description"],
            language=page["language"],
            decided_by=page["decided_by"],
            valid_from=date.fromisoformat(page["valid_from"]),
            text=RichTextValue(page["text"], "text/html", "text/x-html-safe"),
        )
    for page in GUIDELINES:
        obj = folder[page["id"]]
        _link_pages(obj, folder)
        if getattr(obj, "other_language", None) is None:
            api.relation.create(
                source=obj,
                target=folder[page["other_language"]],
                relationship="other_language",
            )
        _publish(obj)
    _publish(folder)


def _link_pages(obj, folder):
    """Links to another page by its id (``href="notify-en"``) become
    ``resolveuid`` links, which keep working wherever the pages are."""
    raw = obj.text.raw if obj.text else ""
    linked = raw
    for page in GUIDELINES:
        uid = api.content.get_uuid(folder[page["id"]])
        linked = linked.replace(f'href="{page["id"]}"', f'href="resolveuid/{uid}"')
    if linked != raw:
        obj.text = RichTextValue(linked, "text/html", "text/x-html-safe")


def _publish(obj):
    if api.content.get_state(obj) != "published":
        api.content.transition(obj=obj, to_state="published")


INTAKE_FIELDS = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="title" type="zope.schema.TextLine">
      <title>What is wrong, in one line?</title>
    </field>
    <field name="room" type="zope.schema.TextLine">
      <title>Room</title>
      <description>For example R1 or EL5.</description>
    </field>
    <field name="what" type="zope.schema.Text">
      <title>What happened?</title>
    </field>
    <field name="prior_attempts" type="zope.schema.Text">
      <title>Whom did you tell already?</title>
    </field>
    <field name="category" type="zope.schema.TextLine">
      <title>Category</title>
      <default>learning_environment_physical</default>
      <required>False</required>
    </field>
  </schema>
</model>"""

INTAKE_ACTIONS = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="create_case" type="ntnu.casemgmt.intake.CreateDeviation">
      <title>Create deviation case</title>
      <field_mapping>event_description = what</field_mapping>
    </field>
  </schema>
</model>"""


def create_intake_form(portal):
    """An EasyForm that creates deviations about rooms, next to the
    guidelines (the editor maintains both)."""
    folder = portal[GUIDELINES_ID]
    if "room-problems" in folder:
        return
    form = api.content.create(
        container=folder,
        type="EasyForm",
        id="room-problems",
        title="Report a problem with a room",
        description=(
            "Heating, light, projectors, accessibility: tell us and it becomes "
            "a deviation case."
        ),
    )
    form.fields_model = INTAKE_FIELDS
    form.actions_model = INTAKE_ACTIONS
    form.submitLabel = "Send"
    _publish(form)


def post_install(context):
    """Build the demo site."""
    portal = api.portal.get()
    create_faculties()
    create_users()
    create_guidelines(portal)
    create_intake_form(portal)
    if not api.portal.get_registry_record(ORGUNIT_MAP, default=None):
        api.portal.set_registry_record(ORGUNIT_MAP, list(ORGUNITS))
    theme_all_hosts()
    brand_site(portal)


#: Plone leaves these hosts unthemed; the demo is opened at 127.0.0.1 too.
THEME_HOSTS_RECORD = "plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist"


def theme_all_hosts():
    """Theme the site on every host name, 127.0.0.1 too (``make start``
    prints that address). Only the demo profile does this: production sites
    keep the administrator's choice."""
    if api.portal.get_registry_record(THEME_HOSTS_RECORD, default=None):
        api.portal.set_registry_record(THEME_HOSTS_RECORD, [])


#: The demo site's name (Site Setup → Site → Site title).
SITE_TITLE = "NTNU intranett"
#: Plone's title for a new site: only that one is replaced.
PLONE_DEFAULT_TITLES = ("", "Plone site", "Site")
#: The university's logo shipped with the add-on (also served as
#: ``++resource++ntnu.casemgmt/logo.svg``).
LOGO = Path(__file__).parent.parent / "browser" / "static" / "logo.svg"

FOOTER_MANAGER = "plone.footerportlets"
#: Plone's footer portlets the university's footer replaces: the copyright
#: ("The Plone® Open Source CMS/WCM is © ...") and "Powered by Plone".
PLONE_FOOTER_PORTLETS = ("footer", "colophon")
FOOTER_PORTLET = "ntnu-footer"
#: The university's contact line, in Norwegian and in English. A site
#: administrator edits both in the footer's portlet (toolbar → Manage
#: portlets → Footer; browser/footer.py).
FOOTER_HTML = (
    "<p><strong>NTNU \N{EN DASH} "
    "Norges teknisk-naturvitenskapelige universitet</strong>"
    " · 7491 Trondheim · "
    '<a href="mailto:postmottak@ntnu.no">postmottak@ntnu.no</a>'
    " · +47 73 59 50 00</p>"
)
FOOTER_HTML_EN = (
    "<p><strong>NTNU \N{EN DASH} "
    "Norwegian University of Science and Technology</strong>"
    " · NO-7491 Trondheim, Norway · "
    '<a href="mailto:postmottak@ntnu.no">postmottak@ntnu.no</a>'
    " · +47 73 59 50 00</p>"
)


def brand_site(portal):
    """The university's name, logo and footer instead of Plone's. Each is a
    setting a site administrator can change afterwards; what they changed
    already is kept."""
    set_site_title()
    set_site_logo()
    replace_footer(portal)


def set_site_title():
    """The site's name in the page title, the logo's title and the
    navigation root (Plone keeps it in the registry and on the site)."""
    title = api.portal.get_registry_record("plone.site_title", default="")
    if title in PLONE_DEFAULT_TITLES:
        api.portal.set_registry_record("plone.site_title", SITE_TITLE)
    portal = api.portal.get()
    if portal.title in PLONE_DEFAULT_TITLES:
        portal.title = SITE_TITLE


def set_site_logo():
    if not api.portal.get_registry_record("plone.site_logo", default=None):
        api.portal.set_registry_record(
            "plone.site_logo", b64encode_file("ntnu-logo.svg", LOGO.read_bytes())
        )


def footer_portlets(portal):
    """The site root's assignments in the footer manager (a mapping)."""
    manager = getUtility(IPortletManager, name=FOOTER_MANAGER, context=portal)
    return getMultiAdapter((portal, manager), IPortletAssignmentMapping)


def replace_footer(portal):
    """Plone's copyright and colophon portlets make way for a portlet with
    the university's contact line in Norwegian and English (once: an
    administrator's edits or removal of it stay).

    A site made before the footer had an English text has it as Plone's
    static portlet: that becomes the footer portlet with the same header
    and text, and the English text if the Norwegian one is still ours.
    """
    mapping = footer_portlets(portal)
    current = mapping.get(FOOTER_PORTLET)
    if isinstance(current, footer.Assignment):
        return
    if current is None:
        for name in PLONE_FOOTER_PORTLETS:
            assignment = mapping.get(name)
            if isinstance(assignment, classic.Assignment):
                del mapping[name]
        text, header, omit_border = FOOTER_HTML, "NTNU", True
    elif isinstance(current, static.Assignment):
        text, header, omit_border = current.text, current.header, current.omit_border
        del mapping[FOOTER_PORTLET]
    else:
        return  # the administrator's own portlet under that name
    mapping[FOOTER_PORTLET] = footer.Assignment(
        header=header,
        text=text,
        text_en=FOOTER_HTML_EN if text == FOOTER_HTML else "",
        omit_border=omit_border,
    )
