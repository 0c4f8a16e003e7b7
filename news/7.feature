``@case-statistics`` walks the catalog's metadata records in storage order
(about 3× faster; no case is woken). ``make bench`` builds its databases
with two ZEO clients at once and compares the HTML case lists with a plain
Plone folder listing of the same size.
