"""GET <notification>/@audit-log: the case's audit trail (read only)."""

from ntnu.casemgmt.notification import audit
from plone.restapi.services import Service


class AuditLogGet(Service):
    def reply(self):
        entries = audit.entries(self.context)
        return {
            "@id": f"{self.context.absolute_url()}/@audit-log",
            "case_number": self.context.case_number,
            "items": entries,
            "items_total": len(entries),
        }
