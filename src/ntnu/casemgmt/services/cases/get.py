"""GET /@cases: the cases the user may see, as a batched work list."""

from datetime import date
from datetime import timedelta
from ntnu.casemgmt.core.deadlines import OPEN_ANY
from ntnu.casemgmt.core.vocabularies import SEVERITIES
from ntnu.casemgmt.reporting import worklists
from ntnu.casemgmt.reporting.statistics import check_faculty
from ntnu.casemgmt.reporting.statistics import QueryError
from ntnu.casemgmt.services import error
from plone import api
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service


TYPES = ("Deviation", "NotificationCase")
STATES = sorted(set(OPEN_ANY) | {"closed", "rejected"})
SEVERITY_VALUES = tuple(term.value for term in SEVERITIES)
BOOLEAN = {
    "true": True,
    "1": True,
    "yes": True,
    "false": False,
    "0": False,
    "no": False,
}


def overdue_query(query):
    """``query`` narrowed to the open cases due before today: the catalog's
    side of the ``overdue`` flag each item shows."""
    wanted = query.get("review_state")
    return dict(
        query,
        review_state=[s for s in OPEN_ANY if not wanted or s == wanted],
        deadline={"query": date.today() - timedelta(days=1), "range": "max"},
    )


def _flag(name, value):
    """The boolean a parameter's text stands for.

    :raises QueryError: neither true nor false.
    """
    if str(value).lower() not in BOOLEAN:
        raise QueryError(f"{name}: true or false.")
    return BOOLEAN[str(value).lower()]


class CasesGet(Service):
    """Filters: ``portal_type``, ``review_state``, ``faculty``, ``overdue``
    (true/false), ``mine`` (true: assigned to me), ``severity`` (among the
    cases whose severity the user may read); batching with ``b_start``
    and ``b_size`` as in plone.restapi; sorted by deadline. Summary fields
    only; the catalog shows each user only the cases they may view."""

    def _params(self, severities):
        """The catalog query and the flags (``overdue``, ``mine``) asked for.

        :raises QueryError: a parameter with a value it cannot have.
        """
        form = self.request.form
        query = {"portal_type": list(TYPES), "sort_on": "deadline"}
        for name, allowed in (
            ("portal_type", TYPES),
            ("review_state", STATES),
            ("severity", SEVERITY_VALUES),
        ):
            if form.get(name):
                if form[name] not in allowed:
                    raise QueryError(f"{name}: one of {', '.join(allowed)}.")
                query[name] = form[name]
        if "severity" in query:
            # a case whose severity the user may not read matches no
            # severity: the filter tells nothing about it
            query["severity_readers"] = severities.query(query.pop("severity"))
        faculty = check_faculty(form.get("faculty"))
        if faculty:
            query["faculty"] = faculty
        flags = {
            name: _flag(name, form.get(name))
            for name in ("overdue", "mine")
            if form.get(name) not in (None, "")
        }
        if flags.get("mine"):
            query["case_worker"] = api.user.get_current().getId()
        for name in ("b_start", "b_size"):
            if form.get(name) not in (None, "") and not str(form[name]).isdigit():
                raise QueryError(f"{name}: a whole number.")
        return query, flags

    def reply(self):
        severities = worklists.Severities()
        try:
            query, flags = self._params(severities)
        except QueryError as exc:
            return error(self.request, 400, str(exc))
        if "overdue" not in flags:
            brains = api.content.find(**query)
        elif flags["overdue"]:
            brains = api.content.find(**overdue_query(query))
        else:
            # the complement in the catalog too: every case of the query but
            # the overdue ones (few), so the list stays lazy and sorted
            overdue = [brain.UID for brain in api.content.find(**overdue_query(query))]
            if overdue:
                query["UID"] = {"not": overdue}
            brains = api.content.find(**query)
        batch = HypermediaBatch(self.request, brains)
        today = date.today()
        items = [
            worklists.as_json(worklists.row(brain, today, severities))
            for brain in batch
        ]
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": items,
        }
        if batch.links:
            result["batching"] = batch.links
        return result
