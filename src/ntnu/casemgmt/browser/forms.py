"""Helpers of the add-on's forms."""

import copy


def copy_field(schema, name):
    """A copy of ``schema[name]`` for another form schema: a field object
    belongs to one interface, and reusing it would move it there."""
    return copy.copy(schema[name])
