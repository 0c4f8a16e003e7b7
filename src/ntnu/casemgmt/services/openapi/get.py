"""GET /@casemgmt-openapi: the OpenAPI 3 document of the add-on's services
(shipped as ``openapi.json``), with the site's own URL as server."""

from pathlib import Path
from plone import api
from plone.restapi.services import Service

import json


DOCUMENT = Path(__file__).resolve().parent.parent.parent / "openapi.json"


class OpenAPIGet(Service):
    def reply(self):
        document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
        document["servers"] = [{"url": api.portal.get().absolute_url()}]
        return document
