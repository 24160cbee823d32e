"""The writing endpoints: filing (the public form's validation, idempotent), the
customer's status lookup, answers/notes and status changes (the UI's services)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from pqr.models import PqrType, RootCause, Status
from pqr.public.forms import PublicPqrForm
from pqr.public.selectors import pqr_public_find, pqr_public_status
from pqr.public.services import pqr_public_file
from pqr.services import (
    pqr_close,
    pqr_message_add,
    pqr_reject,
    pqr_reopen,
    pqr_resolve,
    pqr_transfer,
    pqr_transition,
)
from pqr.visibility import pqr_visible_to

from .idempotency import MAX_KEY_LENGTH, Outcome, idempotent_run, request_fingerprint
from .models import ApiKey, Scope
from .problems import FieldErrors, problem_response
from .serializers import MessageOut
from .serializers_write import (
    API_CHANNELS,
    MessageIn,
    PqrFiledOut,
    PqrFileIn,
    StatusLookupIn,
    StatusLookupOut,
    TransitionIn,
)

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (e.g. a UUID). Retrying with the same key and body "
    "returns the first answer and files nothing new.",
)
# Form field -> API field, so errors name what the caller sent.
FORM_TO_API = {"pqr_type": "type", "identification": "anonymous"}
RADICADO = OpenApiParameter("radicado", str, OpenApiParameter.PATH)


def _form_errors(form) -> list[dict]:
    out = []
    for name, errors in form.errors.get_json_data().items():
        field = "" if name == "__all__" else FORM_TO_API.get(name, name)
        out += [{"field": field, "message": e["message"], "code": e["code"]} for e in errors]
    return out


def _form_input(data) -> dict:
    code = data.get("type") or ""
    pqr_type = PqrType.objects.filter(code=code, is_active=True).only("pk").first()
    anonymous = str(data.get("anonymous", "")).lower() in ("true", "1", "on")
    fields = [
        "subject",
        "description",
        "document_type",
        "document_number",
        "full_name",
        "contact_email",
        "urgency",
    ]
    values = {name: data.get(name, "") for name in fields}
    values = {k: v if isinstance(v, str) else "" for k, v in values.items()}
    return {
        **values,
        "pqr_type": pqr_type.pk if pqr_type else "",
        "identification": PublicPqrForm.ANONYMOUS if anonymous else PublicPqrForm.IDENTIFIED,
        "consent": data.get("consent") in (True, "true", "True", "1", "on"),
        "survey_consent": data.get("survey_consent") in (True, "true", "True", "1", "on"),
    }


def _team_of(request):
    key = request.auth if isinstance(request.auth, ApiKey) else None
    return key.teams.order_by("id").first() if key else None


def _channel(data) -> str:
    channel = data.get("channel") or "web"
    if channel not in API_CHANNELS:
        raise exceptions.ValidationError({"channel": [_("Canal no válido.")]})
    return channel


def file_pqr(request) -> Response:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > MAX_KEY_LENGTH:
        raise exceptions.ValidationError(
            {"Idempotency-Key": [_("La llave de idempotencia es demasiado larga.")]}
        )
    data = request.data if hasattr(request.data, "get") else {}
    files = MultiValueDict({"attachments": request.FILES.getlist("attachments")})

    def work() -> Outcome:
        form = PublicPqrForm(_form_input(data), files)
        channel = _channel(data)
        if not form.is_valid():
            raise FieldErrors(_form_errors(form))
        pqr = pqr_public_file(
            **form.filing(language=translation.get_language() or "es-co"),
            team=_team_of(request),
            channel=channel,
        )
        return Outcome(status_code=201, body=PqrFiledOut(pqr).data)

    outcome = idempotent_run(
        user=request.user,
        operation="pqr_file",
        key=key,
        fingerprint=request_fingerprint(data, request.FILES),
        work=work,
    )
    if outcome.conflict:
        return problem_response(
            status_code=422,
            code="idempotency-key-reused",
            detail=_("Esta llave de idempotencia ya se usó con otros datos."),
            request=request,
        )
    response = Response(outcome.body, status=outcome.status_code)
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


FILE_SCHEMA = extend_schema(
    operation_id="pqrs_create",
    summary="File a PQR",
    description="Same validation, consent and attachment checks as the public web form. "
    "The PQR lands in the key's (first) team. Send JSON, or multipart/form-data with "
    "`attachments`.",
    request={"application/json": PqrFileIn, "multipart/form-data": PqrFileIn},
    parameters=[IDEMPOTENCY_HEADER],
    responses={201: PqrFiledOut, 422: OpenApiResponse(description="Idempotency-Key reused")},
)


class StatusLookup(APIView):
    """What the customer sees on the public lookup page (radicado + document or
    email); one answer for "unknown" and "does not match"."""

    required_scope = Scope.INTAKE

    @extend_schema(
        operation_id="status_lookup", request=StatusLookupIn, responses={200: StatusLookupOut}
    )
    def post(self, request):
        body = StatusLookupIn(data=request.data)
        body.is_valid(raise_exception=True)
        found = pqr_public_find(
            radicado=body.validated_data["radicado"], identifier=body.validated_data["identifier"]
        )
        state = pqr_public_status(pqr_id=found.pk) if found is not None else None
        if state is None:
            raise Http404
        pqr = state.pqr
        return Response(
            StatusLookupOut(
                {
                    "radicado": pqr.radicado,
                    "status": pqr.status,
                    "status_label": Status(pqr.status).label,
                    "type": pqr.pqr_type.code,
                    "received_at": pqr.received_at,
                    "legal_due_at": pqr.legal_due_at,
                    "answered": state.answered,
                    "missing_information": state.missing,
                    "answers": state.answers,
                }
            ).data
        )


def _pqr_or_404(request, radicado: str):
    pqr = pqr_visible_to(user=request.user).filter(radicado=radicado.strip().upper()).first()
    if pqr is None:
        raise Http404
    return pqr


class MessageCreate(APIView):
    """A public answer (notified to the customer by email, like the UI's) or an
    internal note."""

    required_scope = Scope.WRITE

    @extend_schema(
        operation_id="pqrs_messages_create",
        parameters=[RADICADO],
        request=MessageIn,
        responses={201: MessageOut},
    )
    def post(self, request, radicado: str):
        body = MessageIn(data=request.data)
        body.is_valid(raise_exception=True)
        pqr = _pqr_or_404(request, radicado)
        message = pqr_message_add(
            pqr=pqr,
            actor=request.user,
            kind=body.validated_data["kind"],
            body=body.validated_data["body"],
        )
        return Response(MessageOut(message).data, status=status.HTTP_201_CREATED)


class TransitionCreate(APIView):
    """Change the status through the same services and rules as the UI (the
    transition map, the protocol, the answer on record)."""

    required_scope = Scope.WRITE

    @extend_schema(
        operation_id="pqrs_transitions_create",
        parameters=[RADICADO],
        request=TransitionIn,
        responses={200: PqrFiledOut},
    )
    def post(self, request, radicado: str):
        body = TransitionIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        pqr = _pqr_or_404(request, radicado)
        to_status = data["to_status"]
        root_cause = None
        if data.get("root_cause"):
            root_cause = RootCause.objects.filter(pk=data["root_cause"], is_active=True).first()
            if root_cause is None:
                raise exceptions.ValidationError({"root_cause": [_("Causa raíz no válida.")]})
        try:
            _transition(pqr, to_status, request.user, data, root_cause)
        except DjangoValidationError as exc:
            return problem_response(status_code=422, detail=" ".join(exc.messages), request=request)
        pqr.refresh_from_db()
        return Response(PqrFiledOut(pqr).data)


def _transition(pqr, to_status: str, actor, data: dict, root_cause) -> None:
    """The UI's named action for each target (each notifies the customer as there)."""
    note = data["note"]
    if to_status == Status.RESUELTO:
        pqr_resolve(pqr=pqr, actor=actor, root_cause=root_cause, note=note)
    elif to_status == Status.RECHAZADO:
        pqr_reject(pqr=pqr, actor=actor, reason=data["reason"] or note)
    elif to_status == Status.TRASLADADO:
        pqr_transfer(pqr=pqr, actor=actor, destination=data["destination"], note=note)
    elif to_status == Status.CERRADO:
        pqr_close(pqr=pqr, actor=actor, note=note)
    elif to_status == Status.REABIERTO:
        pqr_reopen(pqr=pqr, actor=actor, reason=note or data["reason"])
    else:
        pqr_transition(pqr=pqr, to_status=to_status, actor=actor, note=note)
