"""Case documents: their state follows their visibility."""

from ntnu.casemgmt.core.security import as_system
from ntnu.casemgmt.core.security import roles_changed
from plone import api


def document_visibility(document, event):
    """A CaseDocument's state follows its ``visibility`` field: ``party``
    documents are readable by the parties, ``internal`` ones are not
    (Forvaltningsloven § 18). The field is what people set; the state is
    what the permissions hang on."""
    state = api.content.get_state(document, default=None)
    wanted = "party" if document.visibility == "party" else "internal"
    if state is None or state == wanted:
        return
    # Whoever may edit the document may set its visibility; the transition
    # itself is the add-on's, not a user's choice in the workflow menu.
    with as_system():
        api.content.transition(
            obj=document, transition="share" if wanted == "party" else "unshare"
        )
    roles_changed(document)
