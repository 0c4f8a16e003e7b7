"""REST services of ntnu.casemgmt (SPEC §7), one folder each."""

from ntnu.casemgmt import _  # noqa: F401
from zExceptions import BadRequest

import transaction


def error(request, status, message, type_="BadRequest", **extra):
    """Set ``status`` and return the error body of SPEC §7; nothing the
    request did is kept (the transaction is doomed)."""
    transaction.doom()
    request.response.setStatus(status)
    body = {"type": type_, "message": message}
    body.update(extra)
    return {"error": body}


def refusal(request, refused):
    """The answer to a ``notification.guards.Refused``: 429 with the proof
    of work's challenge when it has one, else 400 naming the field."""
    from zope.i18n import translate

    message = translate(refused.message, context=request)
    fields = [refused.field] if refused.field else []
    if refused.challenge is not None:
        from ntnu.casemgmt.core.ratelimit import PROOF_HEADER

        message = (
            f"{message} (Repeat the request with the header "
            f"{PROOF_HEADER}: <challenge>:<counter>.)"
        )
        return error(
            request,
            429,
            message,
            "TooManyRequests",
            fields=fields,
            **refused.challenge._asdict(),
        )
    return error(
        request,
        400,
        f"{refused.field}: {message}" if refused.field else message,
        fields=fields,
    )


def validation_error(request, exc):
    """A 400 body naming each field of a deserializer's ``BadRequest``."""
    errors = exc.args[0] if exc.args else str(exc)
    if isinstance(errors, list):
        fields = [
            e.get("field") for e in errors if isinstance(e, dict) and e.get("field")
        ]
        message = "; ".join(
            f"{e.get('field') or 'invariant'}: {e.get('message')}"
            for e in errors
            if isinstance(e, dict)
        )
        return error(request, 400, message, fields=fields)
    return error(request, 400, str(errors))


def json_object(request, empty_ok=False):
    """The JSON object of the request body.

    :raises BadRequest: malformed JSON, or not an object (an empty body is
        ``{}`` when ``empty_ok``).
    """
    from plone.restapi.deserializer import json_body

    data = json_body(request)
    if data is None and empty_ok:
        return {}
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object.")
    return data


def json_fields(request, fields):
    """The JSON object of the request body, with no field but ``fields``;
    else the 400 answer (naming the first unknown field).

    :returns: ``(data, None)``, or ``(None, answer)`` to return at once.
    """
    try:
        data = json_object(request)
    except BadRequest as exc:
        return None, error(request, 400, str(exc))
    unknown = sorted(set(data) - set(fields))
    if unknown:
        return None, error(
            request,
            400,
            f"{unknown[0]}: unknown field (send {', '.join(fields)}).",
            fields=[unknown[0]],
        )
    return data, None


__all__ = ["BadRequest", "error", "json_fields", "json_object", "validation_error"]
