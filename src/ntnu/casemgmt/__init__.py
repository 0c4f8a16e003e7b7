"""ntnu.casemgmt: deviations and notification cases for a university intranet."""

from zope.i18nmessageid import MessageFactory

import importlib
import importlib.machinery
import importlib.util
import logging
import os
import sys
import types


PACKAGE_NAME = "ntnu.casemgmt"


def _plain_namespaces(*names):
    """Import ``names`` as plain namespace packages (every folder of that
    name on the path), unless ``pkg_resources`` exists.

    WORKAROUND: pas.plugins.oidc 2.0.0's ``pas/__init__.py`` and
    ``pas/plugins/__init__.py`` are ``__import__("pkg_resources")
    .declare_namespace(__name__)``, and setuptools >= 81 (we pin 84) has no
    ``pkg_resources``, so ``import pas.plugins.oidc`` fails. This must run
    before anything imports pas.plugins.oidc: instance/site.zcml (``make
    start``) and instance.cfg (buildout, ``zcml =`` option) include
    ``ntnu.casemgmt:namespaces.zcml`` first for that. Remove it, with
    namespaces.zcml and those includes, once upstream drops pkg_resources;
    tests/test_signin_claims.py::test_pas_namespace_workaround_still_needed
    fails then.
    """
    if importlib.util.find_spec("pkg_resources") is not None:
        return
    for name in names:
        if name in sys.modules:
            continue
        parent, _, last = name.rpartition(".")
        search = sys.modules[parent].__path__ if parent else sys.path
        folders = [
            os.path.join(entry, last)
            for entry in search
            if isinstance(entry, str)
            and os.path.isdir(os.path.join(entry or ".", last))
        ]
        if not folders:
            continue
        module = types.ModuleType(name)
        module.__path__ = folders
        module.__spec__ = importlib.machinery.ModuleSpec(name, None, is_package=True)
        module.__spec__.submodule_search_locations = folders
        sys.modules[name] = module
        if parent:
            setattr(sys.modules[parent], last, module)


_plain_namespaces("pas", "pas.plugins")

_ = MessageFactory(PACKAGE_NAME)

logger = logging.getLogger(PACKAGE_NAME)

#: Modules that moved, whose old names persistent objects keep: the
#: case-number counters, the site's MailHost and the log-in throttle in
#: acl_users are stored with the module their class was defined in.
MOVED_MODULES = {
    "casenumber": "core.casenumbers",
    "mailhost": "core.mailhost",
    "login_throttle": "core.logins",
}

for _old, _new in MOVED_MODULES.items():
    sys.modules.setdefault(
        f"{PACKAGE_NAME}.{_old}", importlib.import_module(f"{PACKAGE_NAME}.{_new}")
    )
