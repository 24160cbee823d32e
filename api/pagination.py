"""Cursor pagination on the id (the unique, indexed key): stable while rows are added,
no COUNT, constant time at any depth."""

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def get_ordering(self, request, queryset, view):
        return ("id",) if request.query_params.get("order") == "created" else ("-id",)
