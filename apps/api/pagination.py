from collections import OrderedDict

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    """``page`` and ``pageSize`` (at most 100); links to first, previous, next and last page in
    ``_links`` and in the Link header. A page size out of range is a 400, not a silent cap."""

    page_size = 20
    page_query_param = "page"
    page_size_query_param = "pageSize"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError({self.page_size_query_param: [_("Give a whole number from 1 to %(max)s.") % {"max": self.max_page_size}]})
        return int(raw)

    def get_paginated_response(self, data):
        links = OrderedDict(self_=self.request.build_absolute_uri())
        links["first"] = self._url(1)
        if self.page.has_previous():
            links["prev"] = self.get_previous_link()
        if self.page.has_next():
            links["next"] = self.get_next_link()
        links["last"] = self._url(self.page.paginator.num_pages)
        body = {
            "_links": {("self" if k == "self_" else k): {"href": v} for k, v in links.items()},
            "count": self.page.paginator.count,
            "page": self.page.number,
            "pageSize": self.get_page_size(self.request),
            "results": data,
        }
        header = ", ".join(f'<{v}>; rel="{("self" if k == "self_" else k)}"' for k, v in links.items())
        return Response(body, headers={"Link": header})

    def _url(self, number):
        from rest_framework.utils.urls import remove_query_param, replace_query_param

        url = self.request.build_absolute_uri()
        return remove_query_param(url, self.page_query_param) if number == 1 else replace_query_param(url, self.page_query_param, number)

    def get_paginated_response_schema(self, schema):
        link = {"type": "object", "properties": {"href": {"type": "string", "format": "uri"}}, "required": ["href"]}
        return {
            "type": "object",
            "required": ["_links", "count", "page", "pageSize", "results"],
            "properties": {
                "_links": {
                    "type": "object",
                    "properties": dict.fromkeys(("self", "first", "prev", "next", "last"), link),
                    "required": ["self", "first", "last"],
                },
                "count": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "pageSize": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "page", "required": False, "in": "query", "description": _("Page number, from 1."), "schema": {"type": "integer", "minimum": 1}},
            {
                "name": "pageSize",
                "required": False,
                "in": "query",
                "description": _("Items per page, 1 to %(max)s (default 20).") % {"max": MAX_PAGE_SIZE},
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
