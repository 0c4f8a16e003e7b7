Records that last and end on time: ``@archive-export`` downloads a closed case
as a Noark 5 ZIP (``arkivstruktur.xml`` validated against the subset XSD in
``records/noark5``, every document, sent letter and message as PDF/A-2b with
SHA-256 checksums); closed cases are anonymised when their retention ends
(registry ``ntnu.casemgmt.retention_years_deviation``/``_notification``), never
without a warning mailed 30 days before, unless ``legal_hold`` is set; ``make
backup`` and ``make restore`` take and bring back a consistent backup while the
site runs.
