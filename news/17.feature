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
