"""ntnu.casemgmt: deviations and notification cases for a university intranet."""

from zope.i18nmessageid import MessageFactory

import logging


PACKAGE_NAME = "ntnu.casemgmt"

_ = MessageFactory(PACKAGE_NAME)

logger = logging.getLogger(PACKAGE_NAME)
