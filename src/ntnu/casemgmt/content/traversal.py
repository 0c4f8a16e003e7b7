"""A path that leads nowhere inside a faculty, the central reception or a
case is refused exactly like a case the user may not see (issue 14).

Zope answers a path to an object the user may not see with Unauthorized
(401, or Plone's log-in and "insufficient privileges" pages), and a path to
nothing with NotFound (404) — and the 404 page follows Plone's redirects of
moved objects. Together they told anybody, anonymous too, that a
notification case exists and which faculty it was forwarded to. Here the
containers of cases answer a name they do not hold (and that is no view,
service or acquired attribute) with the very Unauthorized of Zope, so the
two answers cannot be told apart and the redirector is never asked.

Authentication happens after traversal in Zope, so this cannot ask who the
user is; it does not need to.
"""

from zope.component import queryMultiAdapter
from zope.publisher.interfaces.browser import IBrowserRequest
from ZPublisher.interfaces import UseTraversalDefault


def _resolves_otherwise(container, request, name):
    """Would Zope's default traversal find something for ``name``?"""
    if queryMultiAdapter((container, request), name=name) is not None:
        return True
    service_id = getattr(request, "_rest_service_id", None)
    if (
        service_id
        and queryMultiAdapter((container, request), name=service_id + name) is not None
    ):
        return True
    return getattr(container, name, None) is not None


class ConfidentialTraversal:
    """Mixin of Faculty, CentralReception and the case types."""

    def __bobo_traverse__(self, request, name):
        # OFS's (un)restrictedTraverse passes a plain dict: code, not a visitor.
        if not IBrowserRequest.providedBy(request):
            raise UseTraversalDefault
        if self._getOb(name, None) is not None or _resolves_otherwise(
            self, request, name
        ):
            raise UseTraversalDefault
        # The same exception (message, title) as Zope's own for an object
        # the user may not see (ZPublisher.HTTPResponse.unauthorized).
        request.response.unauthorized()
