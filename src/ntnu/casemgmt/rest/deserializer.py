"""plone.restapi's deserializer for the add-on's types, strict about what
it is given (issue 14).

plone.restapi converts loosely ("yes" and ``[true]`` become ``True``, a
list becomes a choice), ignores unknown keys and fields the user may not
write, and leaves sizes to whatever the database takes. For cases and their
parts every key of a JSON body must be a field of the type, of its JSON
type, within its size, and writable by the user; otherwise the whole
request is refused naming the field, before anything is set:

* 400 — an unknown or system field, a wrong JSON type, a malformed date;
* 403 — a field the user may not write (its ``write_permission``);
* 413 — a text longer than its ``max_length``, a file over the limit.
"""

from ntnu.casemgmt.core.validation import max_attachment_bytes
from ntnu.casemgmt.rest.errors import PayloadTooLarge
from ntnu.casemgmt.rest.errors import RequestRefused
from ntnu.casemgmt.rest.errors import WriteForbidden
from plone.app.textfield.interfaces import IRichText
from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY
from plone.dexterity.utils import iterSchemata
from plone.namedfile.interfaces import INamedField
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.supermodel.utils import mergedTaggedValueDict
from z3c.relationfield.interfaces import IRelationChoice
from z3c.relationfield.interfaces import IRelationList
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IInt
from zope.schema.interfaces import IText
from zope.schema.interfaces import ITextLine
from zope.schema.interfaces import IVocabularyTokenized

import re


#: Keys of plone.restapi's add and update bodies that are no fields.
META_KEYS = {"@type", "@id", "id", "UID", "title_or_id"}

DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}")
YEARS = (1900, 2999)


def _fields(context):
    """``{name: (field, write permission)}`` of every schema of ``context``."""
    result = {}
    for schema in iterSchemata(context):
        permissions = mergedTaggedValueDict(schema, WRITE_PERMISSIONS_KEY)
        for name, field in getFieldsInOrder(schema):
            result[name] = (field, permissions.get(name))
    return result


def _rich_text(field, value):
    if isinstance(value, str) or (
        isinstance(value, dict) and isinstance(value.get("data"), str)
    ):
        return None
    return 'a text, or {"data", "content-type", "encoding"}'


def _relation(item):
    return isinstance(item, str) or (
        isinstance(item, dict) and isinstance(item.get("@id", item.get("UID")), str)
    )


def _relation_list(field, value):
    if not isinstance(value, list):
        return "a list of UIDs or addresses"
    if not all(_relation(item) for item in value):
        return "a UID or an address of a content item"
    return None


def _relation_choice(field, value):
    return None if _relation(value) else "a UID or an address of a content item"


def _file(field, value):
    if not isinstance(value, dict) or not isinstance(value.get("data"), str):
        return 'a file as {"data", "filename", "content-type", "encoding"}'
    if not isinstance(value.get("filename", ""), str):
        return "the file name must be a text"
    return None


def _bool(field, value):
    return None if isinstance(value, bool) else "true or false"


def _int(field, value):
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    return "a whole number"


def _date(field, value):
    match = DATE.match(value) if isinstance(value, str) else None
    if not match:
        return "a date as YYYY-MM-DD"
    if not YEARS[0] <= int(match[1]) <= YEARS[1]:
        return f"a date between {YEARS[0]} and {YEARS[1]}"
    return None


def _texts(field, value):
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return None
    return "a list of texts"


def _text(field, value):
    return None if isinstance(value, str) else "a text"


#: (kinds of field, the check of a JSON value for them), the first that
#: the field provides wins: a relation list is also a collection, a rich
#: text also a text
TYPE_CHECKS = (
    ((IRichText,), _rich_text),
    ((IRelationList,), _relation_list),
    ((IRelationChoice,), _relation_choice),
    ((INamedField,), _file),
    ((IBool,), _bool),
    ((IInt,), _int),
    ((IDate, IDatetime), _date),
    ((ICollection,), _texts),
    ((IChoice, ITextLine, IText), _text),
)


def type_problem(field, value):
    """Why ``value`` cannot be a JSON value of ``field``, or None (also for
    the add-on's services, which check a body before they use it)."""
    if value is None:
        return None if not field.required else "a value is required"
    for kinds, check_value in TYPE_CHECKS:
        if any(kind.providedBy(field) for kind in kinds):
            return check_value(field, value)
    return None


def _too_large(field, value):
    """True when ``value`` is over the size ``field`` allows."""
    if INamedField.providedBy(field) and isinstance(value, dict):
        data = value.get("data") or ""
        size = (
            len(data) * 3 // 4
            if value.get("encoding", "utf8") == "base64"
            else len(data.encode("utf-8"))
        )
        return size > max_attachment_bytes()
    limit = getattr(field, "max_length", None)
    return bool(limit) and isinstance(value, (str, list)) and len(value) > limit


def _missing(fields, data):
    """Required fields a new object would get without a value: not in
    ``data`` (or empty) and without a default of their own."""
    missing = []
    for name, (field, _permission) in fields.items():
        if not field.required or field.readonly:
            continue
        value = data.get(name)
        if name not in data and field.default is not None:
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(name)
    return missing


def _choice_problem(context, field, value):
    """Why ``value`` is not a term of the choice ``field`` as bound to
    ``context`` (a vocabulary that depends on the place, such as a letter's
    templates by its case's process), or None."""
    if not IChoice.providedBy(field) or not isinstance(value, str):
        return None
    vocabulary = field.bind(context).vocabulary
    if not IVocabularyTokenized.providedBy(vocabulary) or value in vocabulary:
        return None
    allowed = [term.value for term in vocabulary]
    if len(allowed) > 20:
        return "not one of the values allowed here"
    return f"not one of {', '.join(allowed)} here"


def _problem(deserializer, fields, key, value):
    """What is wrong with ``value`` for the field ``key``: None, or
    ``("problem", why)``, ``("forbidden", None)`` or ``("large", None)``."""
    if key not in fields:
        return "problem", "there is no such field"
    field, permission = fields[key]
    if field.readonly:
        return "problem", "set by the system"
    if permission and not deserializer.check_permission(permission):
        return "forbidden", None
    problem = type_problem(field, value)
    if problem:
        return "problem", f"expected {problem}"
    if _too_large(field, value):
        return "large", None
    problem = _choice_problem(deserializer.context, field, value)
    if problem:
        return "problem", problem
    return None


def check(deserializer, data, create=False):
    """Refuse ``data`` for ``deserializer.context`` (see the module).

    :raises PayloadTooLarge: a text or a file too large.
    :raises WriteForbidden: a field the user may not write.
    :raises RequestRefused: an unknown field, a system field, a wrong type,
        a required field missing from a new object.
    """
    fields = _fields(deserializer.context)
    found = {"problem": [], "forbidden": [], "large": []}
    for key, value in data.items():
        if key in META_KEYS:
            continue
        problem = _problem(deserializer, fields, key, value)
        if problem:
            kind, why = problem
            found[kind].append((key, why))
    if create:
        found["problem"].extend(
            (name, "a value is required") for name in _missing(fields, data)
        )
    large = [key for key, _ in found["large"]]
    forbidden = [key for key, _ in found["forbidden"]]
    if large:
        raise PayloadTooLarge(f"{', '.join(large)}: too large", large)
    if forbidden:
        raise WriteForbidden(
            f"{', '.join(forbidden)}: you may not change this", forbidden
        )
    if found["problem"]:
        raise RequestRefused(
            "; ".join(f"{key}: {why}" for key, why in found["problem"]),
            [key for key, _ in found["problem"]],
        )


class StrictDeserializeFromJson(DeserializeFromJson):
    """plone.restapi's deserializer after ``check``."""

    def __call__(
        self, validate_all=False, data=None, create=False, mask_validation_errors=True
    ):
        if data is None:
            data = json_body(self.request)
        check(self, data, create=create)
        return super().__call__(
            validate_all=validate_all,
            data=data,
            create=create,
            mask_validation_errors=mask_validation_errors,
        )


def check_fields(schema, data, error):
    """Raise ``error(field, message)`` for the first value of ``data`` that
    is not a JSON value of its field in ``schema`` (keys that are no field
    are left to the caller).

    :raises PayloadTooLarge: a text over its field's ``max_length``.
    """
    for key, value in data.items():
        if key not in schema:
            continue
        problem = type_problem(schema[key], value)
        if problem:
            raise error(key, f"expected {problem}")
        if _too_large(schema[key], value):
            raise PayloadTooLarge(f"{key}: too large", [key])
