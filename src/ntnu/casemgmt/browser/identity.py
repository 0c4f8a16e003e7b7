"""``@@identity-access``: the unit records its decision on a party's request
to know who notified (Fvl. § 19, guide § 2.3). The rules, the record and
the letter are ``notification/identity.py``'s; this is its form."""

from AccessControl import Unauthorized
from ntnu.casemgmt import _
from ntnu.casemgmt.browser.forms import CheckedForm
from ntnu.casemgmt.core.people import fullname
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.notification import identity
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import field
from z3c.form import form
from z3c.form.browser.radio import RadioFieldWidget
from z3c.form.interfaces import WidgetActionExecutionError
from zope import schema
from zope.i18n import translate
from zope.interface import Invalid
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


DECISIONS = SimpleVocabulary([
    SimpleTerm(
        "granted",
        "granted",
        _("Granted: the party may see who notified"),
    ),
    SimpleTerm("refused", "refused", _("Refused: the identity stays withheld")),
])


class IdentityAccessForm(CheckedForm, form.Form):
    """Party, granted or refused, and the reason (which the party reads in
    the letter)."""

    ignoreContext = True

    @property
    def label(self):
        title = translate(_("Access to the notifier's identity"), context=self.request)
        return f"{title}: {self.context.case_number}"

    description = _(
        "A party who asked (in their conversation) to learn who notified gets "
        "your decision by letter, with the reason and the right to appeal. If "
        "you grant access, that party alone sees the notifier on the case."
    )

    @property
    def fields(self):
        parties = SimpleVocabulary([
            SimpleTerm(party, None, fullname(party))
            for party in identity.candidates(self.context)
        ])
        fields = field.Fields(
            schema.Choice(
                __name__="party", title=_("Party"), vocabulary=parties, required=True
            ),
            schema.Choice(
                __name__="decision",
                title=_("Decision"),
                vocabulary=DECISIONS,
                required=True,
            ),
            schema.Text(
                __name__="reason",
                title=_("Reason"),
                description=_("Sent to the party in the decision letter."),
                required=True,
                max_length=TEXT_LENGTH,
            ),
        )
        fields["decision"].widgetFactory = RadioFieldWidget
        return fields

    def __call__(self):
        if not identity.may_read(self.context):
            raise Unauthorized(
                "You may not decide on access to the notifier's identity."
            )
        if not identity.may_decide(self.context) or identity.refusal(self.context):
            IStatusMessage(self.request).add(
                _("No decision on the notifier's identity can be made now."),
                "error",
            )
            return self.request.response.redirect(self.context.absolute_url())
        return super().__call__()

    @button.buttonAndHandler(_("Save and send the letter"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        try:
            identity.decide(
                self.context,
                data["party"],
                data["decision"] == "granted",
                data["reason"],
            )
        except identity.IdentityAccessError as exc:
            name = exc.field if exc.field in self.widgets else None
            if name is None:
                self.status = str(exc)
                return
            raise WidgetActionExecutionError(name, Invalid(str(exc))) from exc
        IStatusMessage(self.request).add(
            _("The decision was recorded and the letter sent to the party."), "info"
        )
        self.request.response.redirect(self.context.absolute_url())

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(self.context.absolute_url())
