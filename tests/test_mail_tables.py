"""The mail tables of the processes against SPEC §8.

``deviation/mails.py``, ``notification/mails.py`` and ``parts/mails.py`` say
for each event who gets which mail. Here SPEC §8 is transcribed on its own
(event -> recipients, in SPEC's words) and the tables are walked against
it: every event names a row of SPEC §8 and mails exactly the recipients the
row names; every row is in a table, or waits for the issue named. Whether
the mails arrive, once, in the recipient's language, is tested by the
process tests (tests/test_mail.py and others), which read what was sent.
"""

from ntnu.casemgmt.core.mail import Event
from ntnu.casemgmt.deviation import mails as deviation_mails
from ntnu.casemgmt.notification import mails as notification_mails
from ntnu.casemgmt.parts import mails as parts_mails

import pytest


#: SPEC §8, row by row: the event and its recipients.
SPEC_8 = {
    "deviation registered": {"reporter", "faculty reception", "line managers"},
    "deviation approved / case worker set": {"case worker"},
    "deviation transferred": {"faculty reception"},  # the new faculty's
    "deviation rejected / rejected as notification": {"reporter"},
    "deviation closed": {"reporter"},
    "deadline passed without closing": {"case worker", "faculty reception"},
    "measure assigned": {"measure responsible"},
    "hearing opened": {"participants"},
    "notification received": {"central reception"},
    "notification forwarded": {"faculty notification unit"},
    # two rows of SPEC §8 (the second adds the notifier who is a party)
    "notification closed": {"parties", "non-party notifier"},
    "first day of each month": {"quality division"},
    "deviation case worker changed (not only at approve)": {"case worker"},
    "letter sent": {"its recipient", "copy_to"},
    "notification received (online or registered)": {"named notifier"},
    "responsible manager named or changed": {"responsible manager"},  # "that manager"
    "forward deadline: one working day before, and when passed": {"central reception"},
    "confirmation deadline passed without acknowledge": {"faculty notification unit"},
    "notification deadline passed, case open": {
        "case officer",
        "faculty notification unit",
    },
    "message from a notifier or party": {"the people handling the case"},
    "message from the unit": {"the participant of that conversation"},  # if named
    "measure due_date passed, measure not completed or cancelled": {
        "measure responsible",
        "case worker / case officer",
    },
    # a referral and a return: the central reception; escalate: the quality
    # division; conclude: the unit and the responsible manager
    "case referred to / returned from the committee; escalate; conclude": {
        "central reception",
        "quality division",
        "faculty notification unit",
        "responsible manager",
    },
}

#: Rows of SPEC §8 that no table has yet, and the issue that brings them.
PENDING = {}

#: Rows of SPEC §8 that a table serves in part (the recipients served so
#: far), the rest waiting for the issue named. Such a row stays in PENDING
#: too.
PARTIAL = {}

TABLES = {
    "deviation": deviation_mails.EVENTS,
    "notification": notification_mails.EVENTS,
    "parts": parts_mails.EVENTS,
}

EVENTS = [event for events in TABLES.values() for event in events]


def test_every_table_lists_all_its_events():
    """A module's ``EVENTS`` holds every Event it defines (so none is left
    out of this test)."""
    for module in (deviation_mails, notification_mails, parts_mails):
        defined = {
            id(value) for value in vars(module).values() if isinstance(value, Event)
        }
        assert defined == {id(event) for event in module.EVENTS}, module.__name__


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.spec)
def test_event_is_a_row_of_spec_8(event):
    rows = {**SPEC_8, **PARTIAL}
    assert event.spec in rows, f"{event.spec!r} is no row of SPEC §8"
    recipients = {mail.to.name for mail in event.mails}
    assert recipients <= rows[event.spec], (event.spec, recipients)


@pytest.mark.parametrize("row", sorted(PARTIAL))
def test_partial_row_is_mailed_to_whom_it_names_so_far(row):
    assert row in PENDING, row  # the rest of it is still to come
    recipients = set()
    for event in EVENTS:
        if event.spec == row:
            recipients |= {mail.to.name for mail in event.mails}
    assert recipients == PARTIAL[row], row


@pytest.mark.parametrize("row", sorted(SPEC_8))
def test_row_of_spec_8_is_mailed_to_whom_it_names(row):
    recipients = set()
    for event in EVENTS:
        if event.spec == row:
            recipients |= {mail.to.name for mail in event.mails}
    assert recipients == SPEC_8[row], row


def test_pending_rows_are_not_in_a_table_yet():
    """A row that a table serves now belongs in SPEC_8 above, not here
    (unless it is served in part only: PARTIAL)."""
    assert not {event.spec for event in EVENTS} & (set(PENDING) - set(PARTIAL))


def test_every_mail_has_a_norwegian_text():
    from pathlib import Path

    import ntnu.casemgmt

    catalogue = (
        Path(ntnu.casemgmt.__file__).parent
        / "locales"
        / "nb"
        / "LC_MESSAGES"
        / "ntnu.casemgmt.po"
    ).read_text()
    for event in EVENTS:
        for mail in event.mails:
            for message in (mail.subject, mail.body):
                assert (
                    f'msgid "{message}"' in catalogue
                    or f'msgid "{message!s}"' in catalogue
                ), (event.spec, message)
