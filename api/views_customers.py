"""Customers (scope `read`): the list, one profile with the caller's PQRs of it, and a
search by document/email/phone/name sent in the body, never in the URL."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Scope
from .pagination import IdCursorPagination
from .selectors_customers import api_customer_detail, api_customer_list, api_customer_search
from .serializers_customers import (
    CustomerDetailOut,
    CustomerListQuery,
    CustomerOut,
    CustomerSearchIn,
    CustomerSearchOut,
)

CUSTOMER_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Customer id")


class CustomerList(generics.ListAPIView):
    """The customers an agent of the key's teams can open (those with a PQR there)."""

    required_scope = Scope.READ
    serializer_class = CustomerOut
    pagination_class = IdCursorPagination

    def get_queryset(self):
        query = CustomerListQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return api_customer_list(user=self.request.user, filters=query.validated_data)

    @extend_schema(parameters=[CustomerListQuery], operation_id="customers_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CustomerDetail(generics.RetrieveAPIView):
    required_scope = Scope.READ
    serializer_class = CustomerDetailOut

    def get_object(self):
        customer = api_customer_detail(user=self.request.user, pk=self.kwargs["pk"])
        if customer is None:
            raise Http404
        return customer

    @extend_schema(parameters=[CUSTOMER_ID], operation_id="customers_retrieve")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CustomerSearch(APIView):
    """Find a profile by what the customer gives (POST: the document or email stays out
    of URLs and access logs). At most 50 results."""

    required_scope = Scope.READ

    @extend_schema(
        operation_id="customers_search",
        request=CustomerSearchIn,
        responses={200: CustomerSearchOut},
    )
    def post(self, request):
        body = CustomerSearchIn(data=request.data)
        body.is_valid(raise_exception=True)
        found = api_customer_search(user=request.user, query=body.validated_data["query"])
        return Response({"results": CustomerOut(found, many=True).data})
