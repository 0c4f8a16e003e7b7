"""The files of case documents (evidence, minutes) are served as downloads,
never shown in the browser: an uploaded HTML page or SVG must not run in
the portal's origin, so the browser is told not to guess its type either."""

from plone.namedfile.browser import Download
from plone.transformchain.interfaces import DISABLE_TRANSFORM_REQUEST_KEY


class CaseFileDownload(Download):
    """``@@download`` and ``@@display-file`` of a CaseDocument: always
    ``Content-Disposition: attachment``, with ``X-Content-Type-Options:
    nosniff``."""

    def set_headers(self, file):
        super().set_headers(file)
        self.request.response.setHeader("X-Content-Type-Options", "nosniff")
        # the file as handed in: Plone's transforms (theme, CSRF tokens)
        # would rewrite an HTML file like one of its own pages
        self.request.environ[DISABLE_TRANSFORM_REQUEST_KEY] = True
