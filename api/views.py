"""API views: parse, call one selector or service, serialise. Scope per view
(`required_scope`), caller's team scope through the selectors."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from .models import Scope
from .pagination import IdCursorPagination
from .selectors import api_pqr_detail, api_pqr_list
from .serializers import PqrDetail, PqrListItem, PqrListQuery
from .views_write import FILE_SCHEMA, file_pqr


class PqrList(generics.ListAPIView):
    """The PQR queue of the caller's teams, newest first, with the queue's filters."""

    required_scopes = {"GET": Scope.READ, "POST": Scope.INTAKE}
    serializer_class = PqrListItem
    pagination_class = IdCursorPagination

    def get_queryset(self):
        query = PqrListQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return api_pqr_list(user=self.request.user, filters=query.validated_data)

    @extend_schema(parameters=[PqrListQuery], operation_id="pqrs_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @FILE_SCHEMA
    def post(self, request, *args, **kwargs):
        return file_pqr(request)


RADICADO = OpenApiParameter(
    "radicado", str, OpenApiParameter.PATH, description="e.g. PQR-2026-000123"
)


class PqrDetailView(generics.RetrieveAPIView):
    """One PQR with its conversation (answers and internal notes) and its events."""

    required_scope = Scope.READ
    serializer_class = PqrDetail

    def get_object(self):
        pqr = api_pqr_detail(user=self.request.user, radicado=self.kwargs["radicado"])
        if pqr is None:
            raise Http404
        return pqr

    @extend_schema(parameters=[RADICADO], operation_id="pqrs_retrieve")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
