"""Letter templates of the case processes (SPEC §3, ``Letter.template``).

The texts are files in ``texts/``, one per template and language:
``<template>.<language>.txt`` (``nb`` and ``en``), its first line the
letter's title, then an empty line, then the plain-text body (no HTML).
``TEMPLATES[template_id][language]`` reads them as a dict with a ``title``
and a ``body``. Both are ``string.Template`` texts: ``${name}`` placeholders
are filled in from the case when a letter is created (see
``ntnu.casemgmt.parts.letters``).
Places the writer must complete by hand are written in [square brackets];
the body of a draft letter stays editable until the letter is sent.

Letters of a deviation case, to its reporter:

- ``preliminary_reply``: the four-week target (Forvaltningsloven § 11a)
  cannot be met; why, and when an answer can be expected;
- ``rejection_notice``: the report is not handled as a deviation, and why;
- ``closure_notice``: the case is closed, with the closing comment.

Letters of a notification case (student-student):

- ``receipt_confirmation``: to the notifier; received, case officer, rights
  as party or non-party, confidentiality;
- ``summons_notifier`` / ``summons_accused``: invitation to an interview;
- ``written_warning``: written warning under universitets- og høyskoleloven
  § 4-8 first paragraph;
- ``advance_notice_expulsion``: advance notice (fvl. § 16) that expulsion
  is being considered, with a deadline to comment.
- ``warning_violation_expulsion``: warning that an expulsion decision has
  been violated (guide § 5.3.5), the step before a case of exclusion;
- ``exclusion_notice``: advance notice (fvl. § 16) that a case of
  exclusion from NTNU is being prepared for the Appeals Committee.
- ``identity_access_decision``: to a party, the unit's decision on their
  request to learn who notified (fvl. § 19, guide § 2.3), granted or
  refused, with the reason and the right to appeal (fvl. § 21); made and
  sent by ``notification/identity.py``.
- ``appeals_committee_decision``: the Appeals Committee's decision on
  expulsion or exclusion, sent by the Education Quality Division while the
  case is escalated (guide § 5.3.5), with the right to appeal; on sending,
  the unit, the responsible manager and the registry's
  ``ntnu.casemgmt.appeals_decision_copies`` addresses are told
  (parts/mails.py ``DECISION_COPIES``).

The warning and the advance notice follow the sections of the model letters
in the appendices of the guide for faculty notification units: what the case
is about, the facts, the legal basis, the assessment, the warning or notice,
the recipient's rights, contact. The statutory references are those the
guide itself uses (uhl. § 4-8 first and fifth paragraphs, the university's
study regulations § 3-5). The 2024 revision of universitets- og
høyskoleloven renumbers its provisions, so the writer should check the
references against the law in force before a letter is sent.

Placeholders used (and no others): case_number, case_title, faculty, date,
recipient_name, deadline, new_deadline, closing_comment, rejection_reason,
case_worker_name, case_officer_name, responsible_manager_name, received,
category, summary, outcome, immediate_measures, decision, reason (the
last two only in ``identity_access_decision``).
"""

from pathlib import Path


TEXTS = Path(__file__).parent / "texts"


def _load():
    templates = {}
    for path in sorted(TEXTS.glob("*.txt")):
        template_id, language = path.stem.rsplit(".", 1)
        title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        templates.setdefault(template_id, {})[language] = {
            "title": title.strip(),
            "body": body,
        }
    return templates


TEMPLATES = _load()
