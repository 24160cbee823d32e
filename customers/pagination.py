from django.core.paginator import Paginator
from django.utils.functional import cached_property

SEARCH_CAP = 500


class CappedPaginator(Paginator):
    """Counts at most `cap` rows, unordered, so a common surname never counts 60,000.

    The agent sees "first 500, refine the search" instead of an exact total.
    """

    cap = SEARCH_CAP

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.cap].count()

    @property
    def capped(self) -> bool:
        return self.count >= self.cap

    def page(self, number):
        # Past the cap, order only `cap` matches instead of sorting tens of
        # thousands of rows for a bare common surname: bounded time, and the page
        # says so and asks for a narrower query.
        if self.capped and hasattr(self.object_list, "filter"):
            ordering = self.object_list.query.order_by
            sample = self.object_list.order_by().values("pk")[: self.cap]
            capped_qs = self.object_list.model._default_manager.filter(pk__in=sample)
            capped_qs.query.deferred_loading = self.object_list.query.deferred_loading
            self.object_list = capped_qs.order_by(*ordering)
        return super().page(number)
