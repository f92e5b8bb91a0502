from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from motcua.catalogue import exchange, selectors, services
from motcua.catalogue.models import (
    ApplicantType,
    Channel,
    Fee,
    Field,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    Step,
)


class StepInline(admin.StackedInline):
    model = Step
    extra = 0


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class DocumentFormSet(BaseInlineFormSet):
    """A procedure set to "full" must have what processing a dossier needs: a time limit and at
    least one document (the rule of records.clean_record, checked where the editor fills them)."""

    def clean(self):
        super().clean()
        procedure = self.instance
        if procedure.record_status != Procedure.RecordStatus.FULL:
            return
        documents = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("name")
        ]
        missing = [
            label
            for label, present in (
                ("thời hạn giải quyết", procedure.time_value is not None or procedure.time_text),
                ("ít nhất một thành phần hồ sơ", documents),
            )
            if not present
        ]
        if missing:
            raise ValidationError(
                f"Bản ghi đầy đủ phải có {' và '.join(missing)} để tiếp nhận hồ sơ; bổ sung trước khi chuyển "
                "“Mức đầy đủ của bản ghi” sang “Đầy đủ”."
            )


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    formset = DocumentFormSet
    extra = 0
    fields = [
        ("order", "group"),
        "name",
        ("kind", "required"),
        "condition",
        "note",
        ("template_name", "template_file"),
        ("originals", "copies", "quantity_text"),
    ]


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    extra = 0
    fields = ["number", "created_at", "created_by", "note"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "field",
        "levels_display",
        "online_level",
        "processing_time_display",
        "status",
        "record_status",
    ]
    list_filter = ["status", "record_status", "online_level", "at_city", "at_commune", "field"]
    search_fields = ["code", "name", "search_name"]
    list_select_related = ["field"]
    autocomplete_fields = ["field"]
    filter_horizontal = ["applicant_types", "agencies"]
    inlines = [DocumentInline, FeeInline, ChannelInline, StepInline, LegalBasisInline, VersionInline]
    actions = ["export_json", "export_excel"]
    change_list_template = "admin/catalogue/procedure/change_list.html"
    fieldsets = [
        (
            None,
            {"fields": ["code", "name", "field", ("at_city", "at_commune"), "status", "record_status", "online_level"]},
        ),
        ("Thời hạn", {"fields": [("time_value", "time_unit"), "time_text"]}),
        (
            "Đối tượng và cơ quan",
            {
                "fields": [
                    "applicant_types",
                    "applicant_types_text",
                    "agencies",
                    "competent_authority",
                    "performing_agency_text",
                    "receiving_address",
                    "authorized_agency",
                    "coordinating_agency",
                ]
            },
        ),
        (
            "Nội dung",
            {
                "fields": [
                    "conditions",
                    "documents_note",
                    "result",
                    "result_code",
                    "result_refusal",
                    "related_procedures",
                ]
            },
        ),
        ("Công bố", {"fields": ["issuing_body", "decision_number", "procedure_type", "source", "source_url"]}),
    ]

    @admin.display(description="cấp")
    def levels_display(self, obj):
        return obj.levels_display

    @admin.display(description="thời hạn")
    def processing_time_display(self, obj):
        return obj.processing_time_display

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.record_version(form.instance, user=request.user, note="Sửa trong trang quản trị")

    def get_urls(self):
        return [
            path("nhap/", self.admin_site.admin_view(self.import_view), name="catalogue_procedure_import"),
        ] + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return redirect("admin:index")
        errors = []
        if request.method == "POST" and request.FILES.get("file"):
            upload = request.FILES["file"]
            try:
                data = upload.read()
                if upload.name.endswith(".xlsx"):
                    records, labels = exchange.read_excel(data)
                else:
                    records, labels = exchange.read_json(data), None
                result = services.import_records(
                    records, user=request.user, note=f"Nhập từ tệp {upload.name}", row_labels=labels
                )
            except services.CatalogueImportError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    f"Đã nhập {result.total} thủ tục: {result.created} mới, {result.updated} cập nhật, "
                    f"{result.unchanged} không đổi.",
                )
                return redirect(reverse("admin:catalogue_procedure_changelist"))
        elif request.method == "POST":
            errors = ["Hãy chọn một tệp .json hoặc .xlsx."]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "errors": errors,
            "title": "Nhập danh mục thủ tục",
        }
        return render(request, "admin/catalogue/procedure/import.html", context, status=400 if errors else 200)

    @admin.action(description="Xuất các thủ tục đã chọn ra JSON")
    def export_json(self, request, queryset):
        return self._download(exchange.write_json(self._records(queryset)), "danh-muc-thu-tuc.json", "application/json")

    @admin.action(description="Xuất các thủ tục đã chọn ra Excel")
    def export_excel(self, request, queryset):
        return self._download(
            exchange.write_excel(self._records(queryset)),
            "danh-muc-thu-tuc.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    def _records(self, queryset):
        return [selectors.procedure_record(p) for p in selectors.export_queryset().filter(pk__in=queryset.values("pk"))]

    def _download(self, data, filename, content_type):
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ApplicantType)
class ApplicantTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "number", "created_at", "created_by", "note"]
    search_fields = ["procedure__code", "procedure__name"]
    readonly_fields = ["procedure", "number", "data", "created_at", "created_by", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
