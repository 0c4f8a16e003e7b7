"""GET /@cases: the cases the user may see, as a batched work list."""

from datetime import date
from ntnu.casemgmt.reporting import worklists
from ntnu.casemgmt.reporting.caselist import CaseQuery
from ntnu.casemgmt.reporting.statistics import QueryError
from ntnu.casemgmt.services import error
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service


class CasesGet(Service):
    """Filters: ``portal_type``, ``review_state``, ``category``,
    ``faculty``, ``case_worker``, ``overdue`` (true/false), ``mine`` (true:
    assigned to me), ``severity`` (among the cases whose severity the user
    may read), ``q`` (words of the case number, title or text); sorted by
    ``sort_on`` (deadline, received, case_number) in ``sort_order``;
    batching with ``b_start`` and ``b_size`` as in plone.restapi. Summary
    fields only; the catalog shows each user only the cases they may view
    (``reporting.caselist``)."""

    def reply(self):
        severities = worklists.Severities()
        try:
            cases = CaseQuery(self.request.form, severities)
            brains = cases.find()
        except QueryError as exc:
            message = str(exc)
            return error(self.request, 400, message, fields=[message.split(":")[0]])
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
