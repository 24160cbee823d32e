"""Errors as RFC 7807 problem documents (application/problem+json), in the caller's
language (Accept-Language: es or en), field errors listed one per entry."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

PROBLEM_TYPE_BASE = "https://pqrdesk.example/problems/"
TITLES = {
    400: "validation",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    415: "unsupported-media-type",
    422: "unprocessable",
    429: "rate-limited",
}


def _titles() -> dict[int, str]:
    return {
        400: _("Los datos enviados no son válidos."),
        401: _("Falta la llave de API o no es válida."),
        403: _("No tiene permiso para esta operación."),
        404: _("No encontrado."),
        405: _("Método no permitido."),
        406: _("Formato de respuesta no disponible."),
        409: _("Conflicto con el estado actual."),
        415: _("Tipo de contenido no soportado."),
        422: _("La operación no se puede realizar."),
        429: _("Demasiadas solicitudes."),
    }


class FieldErrors(exceptions.ValidationError):
    """A 400 whose errors are already a flat list of {field, message, code} (a Django
    form's errors, renamed to the API's field names)."""

    def __init__(self, errors: list[dict]):
        super().__init__([e["message"] for e in errors])
        self.errors = errors


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF's nested error detail as a flat list of {field, message, code}."""
    out: list[dict] = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            field = "" if name in ("non_field_errors", "__all__") else name
            out += _flatten(value, f"{prefix}.{field}" if prefix and field else field or prefix)
    elif isinstance(detail, list):
        for item in detail:
            out += _flatten(item, prefix)
    else:
        out.append(
            {"field": prefix, "message": str(detail), "code": getattr(detail, "code", "invalid")}
        )
    return out


def problem_response(
    *, status_code: int, detail: str = "", errors=None, request=None, headers=None, code=""
) -> Response:
    body = {
        "type": PROBLEM_TYPE_BASE + (code or TITLES.get(status_code, "error")),
        "title": _titles().get(status_code, _("Error.")),
        "status": status_code,
        "detail": detail or _titles().get(status_code, ""),
    }
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers)
    response.content_type = "application/problem+json"
    return response


def problem_exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args[:1])
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    errors = None
    detail = ""
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.errors if isinstance(exc, FieldErrors) else _flatten(exc.detail)
        whole = [e["message"] for e in errors if not e["field"]]
        detail = " ".join(whole) if whole else _titles()[400]
        code = status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, exceptions.APIException):
        detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else ""
    headers = {
        k: v for k, v in response.items() if k in ("Retry-After", "WWW-Authenticate", "Allow")
    }
    return problem_response(
        status_code=code,
        detail=detail,
        errors=errors,
        request=request,
        headers=headers,
        code=getattr(exc, "problem_code", ""),
    )
