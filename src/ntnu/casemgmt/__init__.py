"""ntnu.casemgmt: deviations and notification cases for a university intranet."""

from zope.i18nmessageid import MessageFactory

import importlib
import logging
import sys


PACKAGE_NAME = "ntnu.casemgmt"

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
