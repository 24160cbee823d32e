"""OpenAPI additions: the API-key security scheme and problem+json error responses on
every operation (so a client generator and Schemathesis know every answer's shape)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

PROBLEM = {
    "type": "object",
    "description": "RFC 7807 problem document.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
                "required": ["field", "message", "code"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
ERRORS = {
    "400": "Invalid input (field errors in `errors`).",
    "401": "Missing, invalid or revoked API key.",
    "403": "The key lacks the scope, or the staff role is too low.",
    "404": "Not found, or outside the caller's teams.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "415": "Unsupported media type.",
    "422": "The request is valid but the business rules refuse it (see `detail`).",
    "429": "Rate limit of the key reached; see Retry-After.",
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-API-Key"}


def add_problem_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if code in responses:
                    continue
                entry = {
                    "description": description,
                    "content": {"application/problem+json": {"schema": ref}},
                }
                if code == "429":
                    entry["headers"] = RETRY_AFTER
                responses[code] = entry
    return result


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.StaffSessionAuthentication"
    name = "StaffSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


# OpenAPI links (drf-spectacular has no decorator for them): which answer's field feeds
# which operation's parameter. Integrators read them as "what to call next";
# Schemathesis' stateful phase follows them (create a PQR -> read it -> answer it ->
# move it), so the later calls act on real rows instead of random radicados.
RADICADO_FROM_BODY = {"radicado": "$response.body#/radicado"}
FIRST_RESULT = "$response.body#/results/0/"
LINKS = {
    ("pqrs_create", "201"): {
        "GetPqr": ("pqrs_retrieve", RADICADO_FROM_BODY),
        "AnswerPqr": ("pqrs_messages_create", RADICADO_FROM_BODY),
        "MovePqr": ("pqrs_transitions_create", RADICADO_FROM_BODY),
    },
    ("pqrs_retrieve", "200"): {
        "AnswerPqr": ("pqrs_messages_create", RADICADO_FROM_BODY),
        "MovePqr": ("pqrs_transitions_create", RADICADO_FROM_BODY),
        "GetCustomer": ("customers_retrieve", {"id": "$response.body#/customer_id"}),
    },
    ("pqrs_transitions_create", "200"): {
        "GetPqr": ("pqrs_retrieve", RADICADO_FROM_BODY),
        "MovePqr": ("pqrs_transitions_create", RADICADO_FROM_BODY),
    },
    ("pqrs_list", "200"): {
        "GetPqr": ("pqrs_retrieve", {"radicado": FIRST_RESULT + "radicado"}),
    },
    ("customers_list", "200"): {
        "GetCustomer": ("customers_retrieve", {"id": FIRST_RESULT + "id"}),
    },
    ("customers_search", "200"): {
        "GetCustomer": ("customers_retrieve", {"id": FIRST_RESULT + "id"}),
    },
}


def add_links(result, generator, request, public):
    operations = {
        op.get("operationId"): op
        for path in result.get("paths", {}).values()
        for op in path.values()
    }
    for (operation_id, code), links in LINKS.items():
        response = operations.get(operation_id, {}).get("responses", {}).get(code)
        if response is None:
            continue
        response["links"] = {
            name: {"operationId": target, "parameters": dict(parameters)}
            for name, (target, parameters) in links.items()
            if target in operations
        }
    return result
