The notifier of a notification case is kept in its ``notifier`` field only,
readable by the central reception while it holds the case, the faculty's
notification unit, Manager, the notifier and a party unless withheld; the
case's creator and owner is the add-on, so no catalog entry, byline, author
page or history names them, and an anonymous notification leaves no user id
in the database. Case fields have read permissions ("View case internals",
"View findings", "View notifier identity") that REST, ``@search`` with
``fullobjects``, the case page and the PDF obey. REST writes take JSON only
from the site's own origin, within size limits, with every field of its
type, and answer errors in one shape; an error writes nothing. Rate limits
are shared by all instances (PostgreSQL) and ask for a proof of work instead
of locking anybody out; wrong passwords are throttled per log-in and client.
Notification statistics are counted per calendar month, small counts not
listed. The workflows are written from a readable specification
(``make workflows``). Due dates follow the case's state (SPEC §3).
