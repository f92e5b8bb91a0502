from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.catalogue.selectors import procedure_detail
from motcua.eforms.selectors import form_for


class ProcedureForm(APIView):
    """Tờ khai điện tử của một thủ tục: lược đồ JSON Schema, bố cục và danh sách lựa chọn. Thủ
    tục chưa có tờ khai riêng dùng tờ khai chung (``generic``: true, ``version``: null)."""

    @extend_schema(
        responses=inline_serializer(
            "EForm",
            {
                "procedure": serializers.CharField(),
                "version": serializers.IntegerField(allow_null=True),
                "generic": serializers.BooleanField(),
                "title": serializers.CharField(),
                "schema": serializers.JSONField(),
                "layout": serializers.JSONField(),
                "choices": serializers.JSONField(),
            },
        )
    )
    def get(self, request, code):
        procedure = procedure_detail(code)
        if procedure is None:
            raise NotFound("Không tìm thấy thủ tục.")
        eform, spec = form_for(procedure)
        return Response(
            {
                "procedure": procedure.code,
                "version": eform.version if eform else None,
                "generic": eform is None,
                "title": spec.title,
                "schema": spec.schema,
                "layout": spec.layout,
                "choices": {
                    name: [{"value": v, "label": label} for v, label in f.choices]
                    for name, f in spec.fields.items()
                    if f.choices
                },
            }
        )
