"""The workflow XML of the profile is what the specification says.

``src/ntnu/casemgmt/workflows/specification.txt`` is the one place that
says who may do what in which state; ``make workflows`` writes the XML
from it. The permission matrices of the security tests keep their own
expected tables: they check what the site does, independently of both.
"""

from ntnu.casemgmt.workflows import generate

import pytest


DEFINITIONS = generate.definitions()


@pytest.mark.parametrize("path", sorted(DEFINITIONS), ids=lambda p: p.parent.name)
def test_committed_xml_is_generated(path):
    assert path.read_text(encoding="utf-8") == DEFINITIONS[path], (
        f"{path.parent.name}: run `make workflows` after changing the specification"
    )


def test_every_workflow_of_the_profile_is_specified():
    committed = {path.parent.name for path in generate.PROFILE.glob("*/definition.xml")}
    assert committed == {path.parent.name for path in DEFINITIONS}


def test_a_changed_specification_changes_the_xml():
    """The drift test can fail: one role more in one state is a difference."""
    text = generate.SPECIFICATION.read_text(encoding="utf-8")
    changed = text.replace(
        "  Modify portal content = -\n",
        "  Modify portal content = LetterRecipient\n",
        1,
    )
    assert changed != text
    original = {w.id: generate.render(w) for w in generate.parse(text)}
    edited = {w.id: generate.render(w) for w in generate.parse(changed)}
    assert original["casemgmt_letter_workflow"] != edited["casemgmt_letter_workflow"]


@pytest.mark.parametrize(
    "line,message",
    [
        ("  View = Manager\n", "does not say who has"),
        ("  Nonsense permission = Manager\n", "not in the workflow's permissions"),
        (
            "  View, Access contents information = manager group\n",
            "neither a role nor a name",
        ),
    ],
)
def test_a_malformed_specification_is_refused(line, message):
    spec = (
        "[workflow w]\ntitle = W\ndescription = d\ninitial = a\n"
        "permissions = View, Access contents information\n"
        'state a "A"\n' + line
    )
    with pytest.raises(generate.SpecificationError, match=message):
        generate.parse(spec)
