"""The schema's common error answers: every operation may answer with the API's error
format (``{"errors": {...}}``, see ``errors.py``) for bad input (400), no or a bad token
(401), a permission the caller lacks (403), an address that names nothing, or nothing the
caller may see, or a page past the end (404), and too many attempts (429). Views document
their own particular errors; this hook adds the common ones they leave out, so that clients
(and schemathesis) find every status code the API can give in the schema."""

from __future__ import annotations

ERRORS = {
    "type": "object",
    "properties": {
        "errors": {
            "type": "object",
            # messages; a field holding a list or languages gives an object of its own
            # errors by item (e.g. {"0": ["..."]} for the first language of a list)
            "additionalProperties": {
                "type": "array",
                "items": {"anyOf": [{"type": "string"}, {"type": "object"}]},
            },
        }
    },
    "required": ["errors"],
}

COMMON = {
    "400": "Bad input: the fields at fault, each with its messages.",
    "401": "No token, or a token that is not valid.",
    "403": "The caller may not do this.",
    "404": "Nothing the caller may see has this address (or the page is past the end).",
    "429": "Too many attempts: wait for the number of seconds in Retry-After.",
}


def add_common_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Errors"] = ERRORS
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, description in COMMON.items():
                if code == "429" and method == "get":
                    continue
                responses.setdefault(code, {"content": ref, "description": description})
            # A body that is not JSON at all is refused before the view: the plain format,
            # whatever richer 400 the view documents.
            content = responses["400"].setdefault("content", {})
            body = content.setdefault("application/json", {})
            schema = body.get("schema")
            if schema is not None and schema != ref["application/json"]["schema"]:
                body["schema"] = {"anyOf": [schema, ref["application/json"]["schema"]]}
    return result
