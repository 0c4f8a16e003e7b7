"""GET @vocabularies/<name>: a vocabulary that cannot be listed here is a
404, not a server error.

plone.restapi lists any registered vocabulary by calling its factory with
the content object; some of Plone's own factories expect something else
(``plone.app.content.ValidAddableTypes`` wants the constraint-types form)
and fail, answering 500 to a plain GET of anybody, anonymous too.
"""

from AccessControl import Unauthorized
from ntnu.casemgmt import logger
from plone.restapi.services.vocabularies.get import VocabulariesGet
from ZODB.POSException import ConflictError


class GuardedVocabulariesGet(VocabulariesGet):
    def reply(self):
        try:
            return super().reply()
        except (ConflictError, Unauthorized):
            raise
        except Exception:
            name = self.params[0] if self.params else ""
            logger.warning(
                "vocabulary %r cannot be listed on %s",
                name,
                self.context.absolute_url(),
                exc_info=True,
            )
            return self._error(
                404, "Not Found", f"The vocabulary '{name}' cannot be listed here."
            )
