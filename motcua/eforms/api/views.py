from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.catalogue.selectors import procedure_detail
from motcua.eforms.engine import FormSpec
from motcua.eforms.selectors import current_form


class ProcedureForm(APIView):
    """Tờ khai điện tử của một thủ tục: lược đồ JSON Schema, bố cục và danh sách lựa chọn."""

    @extend_schema(
        responses=inline_serializer(
            "EForm",
            {
                "procedure": serializers.CharField(),
                "version": serializers.IntegerField(),
                "title": serializers.CharField(),
                "schema": serializers.JSONField(),
                "layout": serializers.JSONField(),
                "choices": serializers.JSONField(),
            },
        )
    )
    def get(self, request, code):
        procedure = procedure_detail(code)
        eform = current_form(procedure) if procedure else None
        if eform is None:
            raise NotFound("Thủ tục này chưa có tờ khai điện tử.")
        spec = FormSpec.of(eform)
        return Response(
            {
                "procedure": procedure.code,
                "version": eform.version,
                "title": eform.title,
                "schema": eform.schema,
                "layout": eform.layout,
                "choices": {
                    name: [{"value": v, "label": label} for v, label in f.choices]
                    for name, f in spec.fields.items()
                    if f.choices
                },
            }
        )
