"""Write the workflow definitions of the profile from ``specification.txt``.

``python -m ntnu.casemgmt.workflows.generate`` (``make workflows``) writes
``profiles/default/workflows/<id>/definition.xml`` for every workflow of the
specification; ``--check`` only compares and exits 1 when a file differs.
The format of the specification is described at its top.
"""

from dataclasses import dataclass
from dataclasses import field
from lxml import etree
from pathlib import Path
from zpretty.xml import XMLPrettifier

import argparse
import re
import sys


HERE = Path(__file__).resolve().parent
SPECIFICATION = HERE / "specification.txt"
PROFILE = HERE.parent / "profiles" / "default" / "workflows"
DEFAULT_URL = "%(content_url)s/content_status_modify?workflow_action={id}"


class SpecificationError(ValueError):
    """The specification is malformed; the message names the line."""


@dataclass
class State:
    id: str
    title: str
    permissions: dict = field(default_factory=dict)  # permission -> [roles]


@dataclass
class Transition:
    id: str
    title: str
    sources: list = field(default_factory=list)
    target: str = ""
    guard: list = field(default_factory=list)
    expression: str = ""
    url: str = ""


@dataclass
class Workflow:
    id: str
    title: str = ""
    description: str = ""
    initial: str = ""
    permissions: list = field(default_factory=list)
    states: list = field(default_factory=list)
    transitions: list = field(default_factory=list)


def _split(text):
    return [part.strip() for part in text.split(",") if part.strip()]


def _roles(text, aliases, where):
    """Role ids of a comma-separated list of roles and role names."""
    if text.strip() == "-":
        return []
    roles = []
    for item in _split(text):
        for role in aliases.get(item, [item]):
            if not re.fullmatch(r"[A-Z][A-Za-z ]*", role):
                raise SpecificationError(
                    f"{where}: {item!r} is neither a role nor a name in [roles]"
                )
            if role not in roles:
                roles.append(role)
    return roles


def parse(text):
    """The workflows of a specification text, in order.

    :raises SpecificationError: a line that cannot be understood, a state
        that does not say who has one of the workflow's permissions, or a
        transition between states that do not exist.
    """
    parser = _Parser()
    for number, raw in enumerate(text.splitlines(), 1):
        line = "" if raw.lstrip().startswith("#") else raw.split("#", 1)[0].rstrip()
        if line.strip():
            parser.line(line, f"specification.txt:{number}")
    for workflow in parser.workflows:
        _check(workflow)
    return parser.workflows


class _Parser:
    """Reads a specification line by line: ``[roles]``, then ``[workflow
    id]`` sections with settings, states and transitions."""

    def __init__(self):
        self.aliases = {}
        self.workflows = []
        self.section = None
        self.workflow = self.state = self.transition = None

    def line(self, line, where):
        header = re.fullmatch(r"\[(roles|workflow (\w+))\]", line.strip())
        if header:
            self.section = "roles" if header[1] == "roles" else "workflow"
            if self.section == "workflow":
                self.workflow = Workflow(id=header[2])
                self.workflows.append(self.workflow)
                self.state = self.transition = None
        elif self.section == "roles":
            name, _, roles = line.partition("=")
            self.aliases[name.strip()] = _roles(roles, {}, where)
        elif self.section != "workflow":
            raise SpecificationError(f"{where}: outside a [workflow] section")
        elif not line.startswith(" "):
            self.heading_or_setting(line.strip(), where)
        elif self.state is not None:
            self.state_line(line.strip(), where)
        elif self.transition is not None:
            self.transition_line(line.strip(), where)
        else:
            raise SpecificationError(
                f"{where}: indented line outside a state or transition"
            )

    def heading_or_setting(self, text, where):
        """``state id "Title"``, ``transition id "Title"`` or ``key = value``."""
        workflow = self.workflow
        heading = re.fullmatch(r'(state|transition) (\w+) "([^"]+)"', text)
        if heading and heading[1] == "state":
            self.state, self.transition = State(heading[2], heading[3]), None
            workflow.states.append(self.state)
            return
        if heading:
            self.transition, self.state = Transition(heading[2], heading[3]), None
            workflow.transitions.append(self.transition)
            return
        key, _, value = text.partition("=")
        key, value = key.strip(), value.strip()
        if key == "permissions":
            workflow.permissions = _split(value)
        elif key in ("title", "description", "initial"):
            setattr(workflow, key, value)
        else:
            raise SpecificationError(f"{where}: unknown setting {key!r}")

    def state_line(self, text, where):
        """``Permission, ... = Role, ...`` of the current state."""
        names, sep, roles = text.partition(" = ")
        if not sep:
            raise SpecificationError(f"{where}: expected 'Permission, ... = Role, ...'")
        for name in _split(names):
            if name not in self.workflow.permissions:
                raise SpecificationError(
                    f"{where}: {name!r} is not in the workflow's permissions"
                )
            if name in self.state.permissions:
                raise SpecificationError(
                    f"{where}: {name!r} is given twice in state {self.state.id}"
                )
            self.state.permissions[name] = _roles(roles, self.aliases, where)

    def transition_line(self, text, where):
        """``from ... to ...``, ``guard = ...``, ``expression = ...`` or
        ``url = ...``."""
        transition = self.transition
        moves = re.fullmatch(r"from (.+) to (\w+)", text)
        if moves:
            transition.sources, transition.target = _split(moves[1]), moves[2]
            return
        key, sep, value = text.partition(" = ")
        if key == "guard" and sep:
            transition.guard = _roles(value, self.aliases, where)
        elif key == "expression" and sep:
            transition.expression = value
        elif key == "url" and sep:
            transition.url = value
        else:
            raise SpecificationError(
                f"{where}: expected 'from ... to ...', 'guard = ...', "
                "'expression = ...' or 'url = ...'"
            )


def _check(workflow):
    state_ids = [s.id for s in workflow.states]
    if workflow.initial not in state_ids:
        raise SpecificationError(
            f"{workflow.id}: the initial state {workflow.initial!r} does not exist"
        )
    for state in workflow.states:
        missing = [p for p in workflow.permissions if p not in state.permissions]
        if missing:
            raise SpecificationError(
                f"{workflow.id}: state {state.id} does not say who has "
                f"{', '.join(missing)}"
            )
    for transition in workflow.transitions:
        for state_id in [*transition.sources, transition.target]:
            if state_id not in state_ids:
                raise SpecificationError(
                    f"{workflow.id}: transition {transition.id} names the unknown "
                    f"state {state_id!r}"
                )
        if not transition.guard:
            raise SpecificationError(
                f"{workflow.id}: transition {transition.id} has no guard"
            )


#: DCWorkflow's usual variables: (id, for_status, update_always,
#: description, default expression, guard permission)
VARIABLES = (
    (
        "action",
        True,
        True,
        "Previous transition",
        "transition/getId|nothing",
        None,
    ),
    (
        "actor",
        True,
        True,
        "The ID of the user who performed the previous transition",
        "user/getId",
        None,
    ),
    (
        "comments",
        True,
        True,
        "Comment about the last transition",
        "python:state_change.kwargs.get('comment', '')",
        None,
    ),
    (
        "review_history",
        False,
        False,
        "Provides access to workflow history",
        "state_change/getHistory",
        "Review portal content",
    ),
    (
        "time",
        True,
        True,
        "When the previous transition was performed",
        "state_change/getDateTime",
        None,
    ),
)

I18N = "http://xml.zope.org/namespaces/i18n"


def _element(parent, tag, text=None, i18n=None, **attributes):
    """A child of ``parent``; ``i18n`` are its i18n attributes."""
    child = etree.SubElement(parent, tag, attributes)
    for name, value in (i18n or {}).items():
        child.set(f"{{{I18N}}}{name}", value)
    if text is not None:
        child.text = text
    return child


def _state(root, workflow, state):
    node = _element(
        root,
        "state",
        state_id=state.id,
        title=state.title,
        i18n={"attributes": "title"},
    )
    for transition in workflow.transitions:
        if state.id in transition.sources:
            _element(node, "exit-transition", transition_id=transition.id)
    for permission in workflow.permissions:
        mapping = _element(node, "permission-map", acquired="False", name=permission)
        for role in state.permissions[permission]:
            _element(mapping, "permission-role", role)


def _transition(root, transition):
    node = _element(
        root,
        "transition",
        after_script="",
        before_script="",
        new_state=transition.target,
        title=transition.title,
        transition_id=transition.id,
        trigger="USER",
        i18n={"attributes": "title"},
    )
    _element(
        node,
        "action",
        transition.title,
        category="workflow",
        icon="",
        url=transition.url or DEFAULT_URL.format(id=transition.id),
        i18n={"translate": ""},
    )
    guard = _element(node, "guard")
    for role in transition.guard:
        _element(guard, "guard-role", role)
    if transition.expression:
        _element(guard, "guard-expression", transition.expression)


def _variable(root, variable):
    name, for_status, update_always, description, expression, permission = variable
    node = _element(
        root,
        "variable",
        for_catalog="False",
        for_status=str(for_status),
        update_always=str(update_always),
        variable_id=name,
    )
    _element(node, "description", description, i18n={"translate": ""})
    _element(_element(node, "default"), "expression", expression)
    guard = _element(node, "guard")
    if permission:
        _element(guard, "guard-permission", permission)


def render(workflow):
    """The ``definition.xml`` of ``workflow`` as text, formatted by
    zpretty (as ``make format`` formats the profile's other files)."""
    root = etree.Element(
        "dc-workflow",
        {
            "description": workflow.description,
            "initial_state": workflow.initial,
            "manager_bypass": "False",
            "state_variable": "review_state",
            "title": workflow.title,
            "workflow_id": workflow.id,
            f"{{{I18N}}}attributes": "title; description",
            f"{{{I18N}}}domain": "ntnu.casemgmt",
        },
        nsmap={"i18n": I18N},
    )
    for permission in workflow.permissions:
        _element(root, "permission", permission)
    for state in workflow.states:
        _state(root, workflow, state)
    for transition in workflow.transitions:
        _transition(root, transition)
    for variable in VARIABLES:
        _variable(root, variable)
    etree.indent(root, space="  ")
    text = etree.tostring(root, encoding="unicode")
    return XMLPrettifier(text=f'<?xml version="1.0" encoding="utf-8"?>\n{text}')()


def definitions(specification=SPECIFICATION):
    """``{path: xml}`` of every workflow in the specification."""
    workflows = parse(Path(specification).read_text(encoding="utf-8"))
    return {PROFILE / w.id / "definition.xml": render(w) for w in workflows}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare only; exit 1 on a difference"
    )
    args = parser.parse_args(argv)
    differ = []
    for path, xml in definitions().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == xml:
            continue
        differ.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(xml, encoding="utf-8")
    for path in differ:
        print(
            f"{'differs' if args.check else 'written'}: {path.relative_to(HERE.parent)}"
        )
    return 1 if (args.check and differ) else 0


if __name__ == "__main__":
    sys.exit(main())
