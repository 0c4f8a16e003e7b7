"""Cases change their place only by the rules of their process.

Nobody may add a case to a faculty or the central reception through Plone
(SPEC §4), and Plone checks that very permission when an object is pasted:
so nobody, Manager included, can cut and paste or ``@move`` a case. The
add-on itself moves a case where its rules say — a transfer, a forward —
inside ``moving(case)``, which lets exactly that case in.
"""

from Acquisition import aq_base
from contextlib import contextmanager
from contextvars import ContextVar
from ntnu.casemgmt.content.case import ICase


_MOVING = ContextVar("ntnu.casemgmt.moving", default=None)


@contextmanager
def moving(case):
    """Let ``case`` be pasted into a case container during the block."""
    token = _MOVING.set(aq_base(case))
    try:
        yield
    finally:
        _MOVING.reset(token)


class CaseHolder:
    """Mixin of Faculty and CentralReception."""

    def _verifyObjectPaste(self, obj, validate_src=True):
        if ICase.providedBy(obj) and _MOVING.get() is aq_base(obj):
            if not self.getTypeInfo().allowType(obj.portal_type):
                raise ValueError(f"Disallowed subobject type: {obj.portal_type}")
            return
        super()._verifyObjectPaste(obj, validate_src)
