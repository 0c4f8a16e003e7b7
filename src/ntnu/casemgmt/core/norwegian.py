"""Norwegian Bokmål (``nb``) for the frame the add-on does not write.

Plone (plone.app.locales) and z3c.form ship their Bokmål catalogues under
the older code ``no``, while the site negotiates ``nb`` (the code browsers
send and SPEC §11 names): a page in ``nb`` got the add-on's texts in
Norwegian and Plone's frame and z3c.form's messages in English. Each
translation domain's ``no`` catalogues are therefore also registered for
``nb``, behind the add-on's own ``nb`` catalogues (which keep their say).
"""

from zope.component import getUtilitiesFor
from zope.i18n.gettextmessagecatalog import GettextMessageCatalog
from zope.i18n.interfaces import ITranslationDomain
from zope.i18n.translationdomain import TranslationDomain


SOURCE = "no"
TARGET = "nb"

_done = False


class AliasCatalog(GettextMessageCatalog):
    """A ``no`` catalogue file read as ``nb`` (its own identifier, so the
    ``no`` catalogue is not replaced)."""

    def getIdentifier(self):
        return f"{self._path_to_file}#{self.language}"


def alias_domain(domain):
    """Register ``domain``'s ``no`` catalogues for ``nb`` as well, after
    the ``nb`` ones it has.

    :param domain: a :class:`zope.i18n.translationdomain.TranslationDomain`
    """
    present = set(domain._catalogs.get(TARGET, ()))
    for name in list(domain._catalogs.get(SOURCE, ())):
        catalog = domain._data[name]
        path = getattr(catalog, "_path_to_file", None)
        if path is None:
            continue
        alias = AliasCatalog(TARGET, domain.domain, path)
        if alias.getIdentifier() not in present:
            domain.addCatalog(alias)


def alias_norwegian():
    """Once per process: every translation domain's ``no`` catalogues
    also answer ``nb``."""
    global _done
    if _done:
        return
    for _name, domain in getUtilitiesFor(ITranslationDomain):
        if isinstance(domain, TranslationDomain):
            alias_domain(domain)
    _done = True


def on_publication_start(event):
    """IPubStart subscriber: the catalogues are all registered by the
    first request (the ZCML of every package has run)."""
    alias_norwegian()
