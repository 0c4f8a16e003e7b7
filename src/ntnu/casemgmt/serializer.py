"""plone.restapi's answers about cases, for someone who may see only a part.

The JSON of a measure, letter or hearing names its container (``parent``)
with the container's summary: title, description and state. Someone who
may open the part but not the case (the measure's responsible person, a
letter's recipient) gets only the case's address, which the part's own
address holds anyway.
"""

from plone import api
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.summary import DefaultJSONSummarySerializer
from zope.interface import implementer


@implementer(ISerializeToJsonSummary)
class CaseSummarySerializer(DefaultJSONSummarySerializer):
    def __call__(self):
        if api.user.has_permission("View", obj=self.context):
            return super().__call__()
        return {"@id": self.context.absolute_url()}
