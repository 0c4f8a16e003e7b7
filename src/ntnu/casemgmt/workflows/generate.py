"""Write the workflow definitions of the profile from ``specification.txt``.

``python -m ntnu.casemgmt.workflows.generate`` (``make workflows``) writes
``profiles/default/workflows/<id>/definition.xml`` for every workflow of the
specification; ``--check`` only compares and exits 1 when a file differs.
The format of the specification is described at its top.
"""

from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from xml.sax.saxutils import quoteattr

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
                raise SpecificationError(f"{where}: {item!r} is neither a role nor a name in [roles]")
            if role not in roles:
                roles.append(role)
    return roles


def parse(text):
    """The workflows of a specification text, in order.

    :raises SpecificationError: a line that cannot be understood, a state
        that does not say who has one of the workflow's permissions, or a
        transition between states that do not exist.
    """
    aliases = {}
    workflows = []
    section = None
    workflow = state = transition = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        where = f"specification.txt:{number}"
        header = re.fullmatch(r"\[(roles|workflow (\w+))\]", line.strip())
        if header:
            section = "roles" if header[1] == "roles" else "workflow"
            if section == "workflow":
                workflow = Workflow(id=header[2])
                workflows.append(workflow)
                state = transition = None
            continue
        if section == "roles":
            name, _, roles = line.partition("=")
            aliases[name.strip()] = _roles(roles, {}, where)
            continue
        if section != "workflow":
            raise SpecificationError(f"{where}: outside a [workflow] section")
        indented = line.startswith(" ")
        text_ = line.strip()
        heading = re.fullmatch(r'(state|transition) (\w+) "([^"]+)"', text_)
        if heading and not indented:
            if heading[1] == "state":
                state, transition = State(heading[2], heading[3]), None
                workflow.states.append(state)
            else:
                transition, state = Transition(heading[2], heading[3]), None
                workflow.transitions.append(transition)
            continue
        if not indented:
            key, _, value = text_.partition("=")
            key, value = key.strip(), value.strip()
            if key == "permissions":
                workflow.permissions = _split(value)
            elif key in ("title", "description", "initial"):
                setattr(workflow, key, value)
            else:
                raise SpecificationError(f"{where}: unknown setting {key!r}")
            continue
        if state is not None:
            names, sep, roles = text_.partition(" = ")
            if not sep:
                raise SpecificationError(f"{where}: expected 'Permission, ... = Role, ...'")
            for name in _split(names):
                if name not in workflow.permissions:
                    raise SpecificationError(f"{where}: {name!r} is not in the workflow's permissions")
                if name in state.permissions:
                    raise SpecificationError(f"{where}: {name!r} is given twice in state {state.id}")
                state.permissions[name] = _roles(roles, aliases, where)
            continue
        if transition is not None:
            moves = re.fullmatch(r"from (.+) to (\w+)", text_)
            if moves:
                transition.sources, transition.target = _split(moves[1]), moves[2]
                continue
            key, sep, value = text_.partition(" = ")
            if key == "guard" and sep:
                transition.guard = _roles(value, aliases, where)
            elif key == "url" and sep:
                transition.url = value
            else:
                raise SpecificationError(f"{where}: expected 'from ... to ...', 'guard = ...' or 'url = ...'")
            continue
        raise SpecificationError(f"{where}: indented line outside a state or transition")
    for workflow in workflows:
        _check(workflow)
    return workflows


def _check(workflow):
    state_ids = [s.id for s in workflow.states]
    if workflow.initial not in state_ids:
        raise SpecificationError(f"{workflow.id}: the initial state {workflow.initial!r} does not exist")
    for state in workflow.states:
        missing = [p for p in workflow.permissions if p not in state.permissions]
        if missing:
            raise SpecificationError(f"{workflow.id}: state {state.id} does not say who has {', '.join(missing)}")
    for transition in workflow.transitions:
        for state_id in [*transition.sources, transition.target]:
            if state_id not in state_ids:
                raise SpecificationError(
                    f"{workflow.id}: transition {transition.id} names the unknown state {state_id!r}"
                )
        if not transition.guard:
            raise SpecificationError(f"{workflow.id}: transition {transition.id} has no guard")


VARIABLES = """\
  <variable for_catalog="False" for_status="True" update_always="True" variable_id="action">
    <description i18n:translate="">Previous transition</description>
    <default><expression>transition/getId|nothing</expression></default>
    <guard></guard>
  </variable>
  <variable for_catalog="False" for_status="True" update_always="True" variable_id="actor">
    <description i18n:translate="">The ID of the user who performed the previous transition</description>
    <default><expression>user/getId</expression></default>
    <guard></guard>
  </variable>
  <variable for_catalog="False" for_status="True" update_always="True" variable_id="comments">
    <description i18n:translate="">Comment about the last transition</description>
    <default><expression>python:state_change.kwargs.get('comment', '')</expression></default>
    <guard></guard>
  </variable>
  <variable for_catalog="False" for_status="False" update_always="False" variable_id="review_history">
    <description i18n:translate="">Provides access to workflow history</description>
    <default><expression>state_change/getHistory</expression></default>
    <guard><guard-permission>Review portal content</guard-permission></guard>
  </variable>
  <variable for_catalog="False" for_status="True" update_always="True" variable_id="time">
    <description i18n:translate="">When the previous transition was performed</description>
    <default><expression>state_change/getDateTime</expression></default>
    <guard></guard>
  </variable>
"""


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(workflow):
    """The ``definition.xml`` of ``workflow`` as text."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<dc-workflow xmlns:i18n="http://xml.zope.org/namespaces/i18n"',
        f"             description={quoteattr(workflow.description)}",
        f'             initial_state="{workflow.initial}"',
        '             manager_bypass="False"',
        '             state_variable="review_state"',
        f"             title={quoteattr(workflow.title)}",
        f'             workflow_id="{workflow.id}"',
        '             i18n:attributes="title; description"',
        '             i18n:domain="ntnu.casemgmt"',
        ">",
    ]
    out += [f"  <permission>{_escape(p)}</permission>" for p in workflow.permissions]
    for state in workflow.states:
        out += ["", f'  <state state_id="{state.id}" title={quoteattr(state.title)} i18n:attributes="title">']
        for transition in workflow.transitions:
            if state.id in transition.sources:
                out.append(f'    <exit-transition transition_id="{transition.id}" />')
        for permission in workflow.permissions:
            out.append(f'    <permission-map acquired="False" name={quoteattr(permission)}>')
            out += [f"      <permission-role>{role}</permission-role>" for role in state.permissions[permission]]
            out.append("    </permission-map>")
        out.append("  </state>")
    for transition in workflow.transitions:
        url = transition.url or DEFAULT_URL.format(id=transition.id)
        out += [
            "",
            f'  <transition after_script="" before_script="" new_state="{transition.target}" '
            f'title={quoteattr(transition.title)} transition_id="{transition.id}" trigger="USER" '
            'i18n:attributes="title">',
            f'    <action category="workflow" icon="" url={quoteattr(url)} i18n:translate="">'
            f"{_escape(transition.title)}</action>",
            "    <guard>",
        ]
        out += [f"      <guard-role>{role}</guard-role>" for role in transition.guard]
        out += ["    </guard>", "  </transition>"]
    out += ["", VARIABLES, "</dc-workflow>", ""]
    return "\n".join(out)


def definitions(specification=SPECIFICATION):
    """``{path: xml}`` of every workflow in the specification."""
    workflows = parse(Path(specification).read_text(encoding="utf-8"))
    return {PROFILE / w.id / "definition.xml": render(w) for w in workflows}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a difference")
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
        print(f"{'differs' if args.check else 'written'}: {path.relative_to(HERE.parent)}")
    return 1 if (args.check and differ) else 0


if __name__ == "__main__":
    sys.exit(main())
