"""The placeholder rule of SPEC §3: a letter is not sent half written.

A template marks what the writer must complete by hand in [square
brackets]; the filling-in from the case (``letters.values``) puts such a
bracket in too where the case does not know a value yet (a name, a date).
A letter whose body still holds one of the placeholders of its template, in
either language, cannot be sent: the letter workflow's guard asks
``unfilled`` (so plone.api, the toolbar and every form refuse), and
``POST <letter>/@workflow/send`` answers 400 naming them
(``services/workflow``). A bracket the writer types that is no placeholder
of the template (a reference, "[sic]") does not stop a letter.
"""

from html import escape
from ntnu.casemgmt.parts.letters.templates import TEMPLATES

import re


#: A placeholder: brackets around text on one line (no nested brackets).
BRACKETED = re.compile(r"\[[^\[\]\n]{1,400}\]")

#: What the filling-in from the case writes where the case has no value
#: yet, per language: the writer fills it in (or names the person in the
#: case first and makes the letter again).
MISSING = {
    "new_deadline": {"nb": "[dato]", "en": "[date]"},
    "case_officer_name": {"nb": "[saksbehandlers navn]", "en": "[case officer's name]"},
    "case_worker_name": {"nb": "[saksbehandlers navn]", "en": "[case worker's name]"},
    "responsible_manager_name": {
        "nb": "[ansvarlig leders navn]",
        "en": "[responsible manager's name]",
    },
    # a decision on access to the notifier's identity (letters.values)
    "decision": {"nb": "[vedtak]", "en": "[decision]"},
    "reason": {"nb": "[begrunnelse]", "en": "[reason]"},
}


def missing(name, language):
    """The placeholder written for ``name`` when the case has no value."""
    texts = MISSING[name]
    return texts.get(language) or texts["en"]


def of_template(template):
    """Every placeholder of ``template``: the brackets of its texts in both
    languages and those the filling-in may write."""
    found = {text for texts in MISSING.values() for text in texts.values()}
    for texts in TEMPLATES.get(template, {}).values():
        found.update(BRACKETED.findall(texts["title"] + "\n" + texts["body"]))
    return found


def unfilled(template, body):
    """The placeholders of ``template`` still in ``body``, in the order
    they first occur."""
    wanted = of_template(template)
    result = []
    for match in BRACKETED.finditer(body or ""):
        if match.group() in wanted and match.group() not in result:
            result.append(match.group())
    return result


def marked(template, body):
    """``body`` as HTML (escaped), its unfilled placeholders in ``<mark>``."""
    wanted = of_template(template)
    parts = []
    position = 0
    for match in BRACKETED.finditer(body or ""):
        if match.group() not in wanted:
            continue
        parts.append(escape(body[position : match.start()]))
        parts.append(f'<mark class="letter-placeholder">{escape(match.group())}</mark>')
        position = match.end()
    parts.append(escape((body or "")[position:]))
    return "".join(parts)
