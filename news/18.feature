The external committee (issue 18, first part): ``refer_to_committee`` and
``return_from_committee`` (the committee's conclusion as the required
comment; the forward deadline restarts), and a case marked for the
committee cannot be forwarded before it has been there. Doubt of
suitability tells the suitability body (registry
``ntnu.casemgmt.suitability_email``) the case number and faculty, once.
Members of a unit named in ``excluded_officers`` get nothing of the case.
Expulsion and exclusion cases go to the Education Quality Division
(``escalate``, ``conclude``, both with a required comment): the division reads
the escalated case and its parts through a role derived from the state, adds
documents and the new letter "Decision of the Appeals Committee", whose sending
also tells the unit, the responsible manager and the registry's
``ntnu.casemgmt.appeals_decision_copies``. A unit consults another unit or a
person with a hearing (user or group participants) and copies a second unit in
(``copied_units``); both read the case and its shared documents only. A party's
request to know who notified is decided on the case (``@identity-access`` and a
form), told by letter and recorded in the audit trail; a grant shows the
notifier to that party alone.
