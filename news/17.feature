For people, not Plone experts (issue 17, first part): people are picked by
name (``@users-search`` and a picker on every person field, staff only); the
staff list **Cases** (``@@case-list``) searches the text and number of every
case one may see, filters by state, category, severity, case worker and
overdue, sorts, pages and downloads CSV, on the same query as ``@cases`` (now
with ``q``, ``category``, ``case_worker``, ``sort_on``, ``sort_order``);
hearing participants answer from the mail's link, My work, the case page or
``POST @hearing-answer``; measures, hearings, documents and letters have pages
with a button per step, and Plone's State menu leads to the same forms; the
deadline is changed with its own action (``@@change-deadline``, ``@deadline``),
recorded in the history; staff no longer rewrite what the reporter wrote.
Students and other people who cannot edit no longer see Plone's toolbar (the
header's user menu keeps My cases, My work, the inbox and log-out); app pages
have no byline; every page a student uses fits a 390-px phone; the guideline
page has the report and notify buttons. The statistics page filters by period
and faculty, shows faculty titles, a table beside each chart and says when a
chart is empty; the monthly list of notification cases has its own page. An
intake form's mapping is chosen from lists and checked, and its thank-you page
names the case number and links to the case.
A branded front page: two sentences on when to report and when to notify,
the buttons, the newest guidelines and a search over the guidelines; the
site's own name, logo, colours and footer (set by the demo, changed by an
administrator in Site Setup). Plone's and z3c.form's Norwegian texts now
reach ``nb`` pages (their catalogues are shipped under ``no``).
Norwegian through and through: dates written the reader's way on pages, in
mails, letters and the case record (``core/dates.py``; REST, CSV and the
archive stay ISO); Plone's untranslated frame words (status and icon labels,
Barceloneta's close button, toolbar, edit-form help, section titles in the
navigation and breadcrumbs) in Norwegian; the footer as a portlet with a
Norwegian and an English text (profile 1009). Hearing participants who have
answered leave My work and may add to their answer; nobody else can rewrite
it. The case list picks the case worker by name. One ``StepForm`` behind the
case's and the parts' step forms.
