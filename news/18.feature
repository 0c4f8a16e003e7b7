The external committee (issue 18, first part): ``refer_to_committee`` and
``return_from_committee`` (the committee's conclusion as the required
comment; the forward deadline restarts), and a case marked for the
committee cannot be forwarded before it has been there. Doubt of
suitability tells the suitability body (registry
``ntnu.casemgmt.suitability_email``) the case number and faculty, once.
Members of a unit named in ``excluded_officers`` get nothing of the case.
