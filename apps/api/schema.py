from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.base.ApiKeyAuthentication"
    name = "municipalityKey"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "ggg_<prefix>_<secret>",
            "description": "A municipality's API key, made by its coordinator in the workspace. Also accepted as the X-Api-Key header.",
        }


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "code", "reason"],
                "properties": {"name": {"type": "string"}, "code": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}
ERRORS = {
    "400": "Invalid request: see invalidParams.",
    "401": "The API key is not valid, has expired or has been revoked.",
    "403": "Not allowed: another municipality's data, or plain HTTP where only HTTPS is accepted.",
    "404": "Not found.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "413": "Request body too large.",
    "415": "Unsupported media type.",
    "429": "Too many requests: see Retry-After.",
    "500": "Server error.",
}


def add_problem_responses(result, generator, request, public):
    """Postprocessing hook: every operation documents its problem+json errors and the API-Version
    header; the problem schema is one shared component."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    headers = {"API-Version": {"schema": {"type": "string"}, "description": "Version of the API (ADR API-57)."}}
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for response in operation["responses"].values():
                response.setdefault("headers", {}).update(headers)
            for code, description in ERRORS.items():
                operation["responses"].setdefault(
                    code,
                    {"description": description, "headers": headers, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                )
    return result
