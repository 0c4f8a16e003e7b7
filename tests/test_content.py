"""The content model of SPEC §3: containment, system fields, validation."""

from AccessControl import Unauthorized
from datetime import date
from datetime import timedelta
from helpers import make_deviation
from helpers import make_notification_case
from plone import api
from zope.schema import getValidationErrors

import pytest
import re


SPEC_TYPES = {
    "Faculty",
    "CentralReception",
    "Deviation",
    "NotificationCase",
    "Measure",
    "Letter",
    "Hearing",
    "CaseDocument",
    "CaseMessage",
    "Guideline",
}

DEVIATION = {
    "title": "Exam results were published late",
    "category": "assessment",
    "event_description": "The grades came eight weeks after the exam.",
    "prior_attempts": "Asked the course coordinator twice.",
}

NOTIFICATION = {
    "title": "Repeated comments in the lab",
    "category": "harassment",
    "event_description": "During lab sessions in October.",
}


@pytest.fixture
def faculty(portal):
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(
            container=portal["faculties"],
            type="Faculty",
            title="Test faculty",
            code="tf",
        )


@pytest.fixture
def deviation(faculty):
    with api.env.adopt_roles(["Manager"]):
        return make_deviation(faculty, **DEVIATION)


@pytest.fixture
def notification(portal):
    with api.env.adopt_roles(["Manager"]):
        return make_notification_case(**NOTIFICATION)


def addable(container):
    return {fti.getId() for fti in container.allowedContentTypes()} & SPEC_TYPES


class TestContainment:
    """Each type is addable exactly where the table of SPEC §3 allows."""

    def test_site_root(self, portal):
        with api.env.adopt_roles(["Manager"]):
            assert addable(portal) == {"Guideline"}

    def test_plain_folder(self, portal):
        with api.env.adopt_roles(["Manager"]):
            folder = api.content.create(container=portal, type="Folder", title="F")
            assert addable(folder) == {"Guideline"}

    def test_faculties_folder(self, portal):
        with api.env.adopt_roles(["Manager"]):
            assert addable(portal["faculties"]) == {"Faculty"}
            names = {fti.getId() for fti in portal["faculties"].allowedContentTypes()}
            assert names == {"Faculty"}

    def test_faculty(self, faculty):
        # Cases live in faculties, but Plone's generic "Add" offers no case
        # type (SPEC §4): they are made by the report and notify paths.
        with api.env.adopt_roles(["Manager"]):
            names = {fti.getId() for fti in faculty.allowedContentTypes()}
        assert names == {"Guideline", "Document", "EasyForm"}

    def test_central_reception(self, portal):
        with api.env.adopt_roles(["Manager"]):
            assert addable(portal["speakup"]) == set()

    def test_deviation(self, deviation):
        with api.env.adopt_roles(["Manager"]):
            assert addable(deviation) == {
                "Measure",
                "Letter",
                "Hearing",
                "CaseDocument",
            }

    def test_notification(self, notification):
        with api.env.adopt_roles(["Manager"]):
            assert addable(notification) == {
                "Measure",
                "Letter",
                "Hearing",  # consulting another unit (SPEC §3)
                "CaseDocument",
                "CaseMessage",
            }

    @pytest.mark.parametrize(
        "type_id,where",
        [
            ("Faculty", "root"),
            ("Deviation", "root"),
            ("NotificationCase", "root"),
            ("Deviation", "faculty"),
            ("NotificationCase", "faculty"),
            ("NotificationCase", "speakup"),
            ("Measure", "faculty"),
            ("Deviation", "speakup"),
            ("Hearing", "faculty"),
            ("CaseMessage", "deviation"),
            ("CentralReception", "root"),
        ],
    )
    def test_refused_elsewhere(
        self, portal, faculty, deviation, notification, type_id, where
    ):
        container = {
            "root": portal,
            "faculty": faculty,
            "speakup": portal["speakup"],
            "notification": notification,
            "deviation": deviation,
        }[where]
        before = set(container.objectIds())
        with (
            api.env.adopt_roles(["Manager"]),
            pytest.raises((
                api.exc.InvalidParameterError,
                ValueError,
                Unauthorized,
            )),
        ):
            api.content.create(container=container, type=type_id, title="x")
        assert set(container.objectIds()) == before


class TestSystemFields:
    def test_deviation_number_received_deadline(self, deviation):
        year = date.today().year
        assert re.fullmatch(rf"AVVIK-{year}-\d{{5}}", deviation.case_number)
        assert deviation.getId() == deviation.case_number.lower()
        assert deviation.received.tzinfo is not None
        assert deviation.deadline == deviation.received.date() + timedelta(days=28)

    def test_notification_number_and_forward_deadline(self, notification):
        year = date.today().year
        assert re.fullmatch(rf"VARSEL-{year}-\d{{5}}", notification.case_number)
        assert notification.getId() == notification.case_number.lower()
        received = notification.received.date()
        assert notification.forward_deadline > received
        # five working days are at least a week minus the weekend
        assert (notification.forward_deadline - received).days >= 5

    def test_case_worker_may_change_deadline(self, deviation):
        later = date.today() + timedelta(days=60)
        deviation.deadline = later
        deviation.reindexObject()
        with api.env.adopt_roles(["Manager"]):
            brains = api.content.find(deadline={"query": later, "range": "min"})
        assert [b.UID for b in brains] == [deviation.UID()]
        assert brains[0].deadline == later

    def test_cases_are_not_copied(self, faculty, deviation):
        # A copy would be a case outside its process (no number of its own,
        # no receipt, the same confidential text twice): refused, even to
        # Manager, and nothing is added.
        before = set(faculty.objectIds())
        with api.env.adopt_roles(["Manager"]), pytest.raises(ValueError):
            api.content.copy(source=deviation, target=faculty)
        assert set(faculty.objectIds()) == before

    def test_moved_only_by_its_rules(self, portal, faculty, deviation):
        # Cut and paste (or @move) is refused even to Manager; a transfer
        # moves the case and keeps its number.
        number = deviation.case_number
        with api.env.adopt_roles(["Manager"]):
            other = api.content.create(
                container=portal["faculties"], type="Faculty", title="Other", code="ot"
            )
            with pytest.raises(ValueError):
                api.content.move(source=deviation, target=other)
            assert deviation.getId() in faculty
            from ntnu.casemgmt.deviation.rules import transfer

            moved = transfer(deviation, "ot")
        assert moved.case_number == number
        assert (
            api.content
            .find(case_number=number)[0]
            .getPath()
            .startswith("/".join(other.getPhysicalPath()))
        )

    def test_catalog_fields(self, deviation):
        deviation.case_worker = "test_user_1_"
        deviation.reindexObject()
        with api.env.adopt_roles(["Manager"]):
            brains = api.content.find(
                case_number=deviation.case_number,
                faculty="tf",
                category="assessment",
                case_worker="test_user_1_",
                review_state="submitted",
            )
        assert [b.UID for b in brains] == [deviation.UID()]
        assert brains[0].faculty == "tf"


class TestValidation:
    """Schema validation: required fields, vocabularies, user ids, codes."""

    def _errors(self, schema, **values):
        class Obj:
            pass

        obj = Obj()
        for name in schema.names():
            setattr(obj, name, schema[name].default)
        for key, value in values.items():
            setattr(obj, key, value)
        return {name for name, error in getValidationErrors(schema, obj)}

    def test_deviation_required(self, portal):
        from ntnu.casemgmt.content.deviation import IDeviation

        assert self._errors(IDeviation) >= {
            "title",
            "category",
            "event_description",
            "prior_attempts",
        }
        assert self._errors(IDeviation, **DEVIATION) == set()

    def test_deviation_vocabulary(self, portal):
        from ntnu.casemgmt.content.deviation import IDeviation

        assert "category" in self._errors(
            IDeviation, **dict(DEVIATION, category="bullying")
        )
        assert "reporter_role" in self._errors(
            IDeviation, **dict(DEVIATION, reporter_role="boss")
        )

    def test_notification_vocabulary(self, portal):
        from ntnu.casemgmt.content.notification import INotificationCase

        assert self._errors(INotificationCase, **NOTIFICATION) == set()
        bad = dict(NOTIFICATION, category="teaching")
        assert "category" in self._errors(INotificationCase, **bad)

    def test_unknown_user_refused(self, portal):
        from ntnu.casemgmt.content.deviation import IDeviation

        errors = self._errors(IDeviation, **dict(DEVIATION, case_worker="nobody-here"))
        assert "case_worker" in errors
        assert (
            self._errors(IDeviation, **dict(DEVIATION, case_worker="test_user_1_"))
            == set()
        )

    def test_faculty_code(self, portal):
        from ntnu.casemgmt.content.faculty import IFaculty

        assert "code" in self._errors(IFaculty, title="X", code="Bad Code")
        assert self._errors(IFaculty, title="X", code="ie") == set()

    def test_measure_kind_and_letter_template(self, portal):
        from ntnu.casemgmt.content.letter import ILetter
        from ntnu.casemgmt.content.measure import IMeasure

        assert "kind" in self._errors(IMeasure, title="M", kind="punishment")
        assert "template" in self._errors(ILetter, template="love_letter")
        assert self._errors(ILetter, template="written_warning") == set()

    def test_dates_must_be_dates(self, portal):
        from ntnu.casemgmt.content.deviation import IDeviation

        errors = self._errors(IDeviation, **dict(DEVIATION, event_date="2026-13-45"))
        assert "event_date" in errors


def test_faculty_gets_groups(faculty):
    for suffix, role in [
        ("deviation-reception", "DeviationReceptionist"),
        ("line-managers", "LineManager"),
        ("notification-unit", "NotificationOfficer"),
    ]:
        group = f"tf-{suffix}"
        assert api.group.get(groupname=group) is not None
        assert role in api.group.get_roles(groupname=group, obj=faculty)


def test_faculty_named_after_code(portal, faculty):
    assert faculty.getId() == "tf"


@pytest.mark.parametrize("where", ["faculty", "central"])
def test_case_folders_keep_no_order_list(portal, faculty, where):
    """Folders of cases grow to tens of thousands: adding a case must not
    rewrite a list of every id in the folder (plone.folder's default
    ordering), so its cost does not grow with the cases before it."""
    from plone.folder.default import DefaultOrdering
    from zope.annotation.interfaces import IAnnotations

    folder = faculty if where == "faculty" else portal["speakup"]
    assert not isinstance(folder.getOrdering(), DefaultOrdering)
    fields = DEVIATION if where == "faculty" else NOTIFICATION
    with api.env.adopt_roles(["Manager"]):
        for _ in range(2):
            if where == "faculty":
                make_deviation(folder, **fields)
            else:
                make_notification_case(**fields)
    assert not [
        key for key in IAnnotations(folder) if key.startswith("plone.folder.ordered")
    ]
    assert len(folder.objectIds()) >= 2
