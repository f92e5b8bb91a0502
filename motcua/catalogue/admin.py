from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import construct_change_message as change_message
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from motcua.catalogue import exchange, quality, selectors, services
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
from motcua.catalogue.records import CHILD_LABELS, CHILD_LISTS, RecordError


class RecordFormSet(BaseInlineFormSet):
    """The rows of one of the procedure's lists (records.CHILD_LISTS). Nothing is saved from
    here: the procedure's form reads every list into one record and saves it through
    services.save_edited_procedure (ProcedureAdminForm), so each formset makes itself known to
    the procedure being edited."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.__dict__.setdefault("_record_formsets", []).append(self)


class StepInline(admin.StackedInline):
    model = Step
    formset = RecordFormSet
    extra = 0


class ChannelInline(admin.TabularInline):
    model = Channel
    formset = RecordFormSet
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    formset = RecordFormSet
    extra = 0


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    formset = RecordFormSet
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
    formset = RecordFormSet
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


def _child_rows(formset: BaseInlineFormSet) -> list:
    """The forms of a list that stay, in the order the editor numbered them."""
    kept = [
        (form.cleaned_data.get("order") or 0, position, form)
        for position, form in enumerate(formset.forms)
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    return [form for _, _, form in sorted(kept, key=lambda item: item[:2])]


class ProcedureAdminForm(forms.ModelForm):
    """The procedure and its lists (the inline formsets) read into one record of the exchange
    format and checked by services.check_edit (records.clean_record and the rules of processing)
    before anything is saved: a refused change shows its reasons here and saves nothing."""

    record: dict | None = None
    child_forms: dict[str, list] = {}

    def clean(self):
        cleaned = super().clean()
        formsets = [fs for fs in self.instance.__dict__.get("_record_formsets", []) if fs.prefix in CHILD_LISTS]
        if self.errors or not all(fs.is_valid() for fs in formsets):
            return cleaned
        record = self._record(formsets)
        try:
            self.record = services.check_edit(record, self.instance if self.instance.pk else None)
        except RecordError as exc:
            for path, messages_ in exc.errors.items():
                self._add_record_error(path, messages_)
        return cleaned

    def _record(self, formsets: list) -> dict:
        procedure, data = self.instance, self.cleaned_data
        # What the form does not show (a field added later) stays as stored.
        record = selectors.procedure_record(procedure) if procedure.pk else {"code": data.get("code", "")}
        for name, value in data.items():
            if name == "field":
                record["field"] = value.name if value else ""
            elif name == "applicant_types":
                record["applicant_types"] = [t.code for t in value]
            elif name == "agencies":
                # A new procedure without agencies is routed as an import routes it.
                record["agencies"] = sorted(a.code for a in value) if value or procedure.pk else None
            elif name not in ("at_city", "at_commune", "time_value", "time_unit", "time_text"):
                record[name] = value
        if "at_city" in data or "at_commune" in data:
            record["levels"] = [level for level in ("city", "commune") if data.get(f"at_{level}")]
        if "time_value" in data or "time_text" in data:
            value, text = data.get("time_value"), data.get("time_text", "")
            has_time = value is not None or text
            record["processing_time"] = (
                {"value": value, "unit": data.get("time_unit", ""), "text": text} if has_time else None
            )
        self.child_forms = {}
        for formset in formsets:
            forms_ = _child_rows(formset)
            self.child_forms[formset.prefix] = forms_
            columns = CHILD_LISTS[formset.prefix]
            record[formset.prefix] = [{c: f.cleaned_data.get(c, columns[c]) for c in columns} for f in forms_]
        return record

    FIELD_OF = {"processing_time": "time_value", "levels": "at_city", "fees": None, "documents": None}

    def _add_record_error(self, path: str, messages_: list[str]) -> None:
        # The record's codes as this form names them.
        messages_ = [m.replace(" (full)", "").replace("index_only", "“Chỉ có thông tin danh mục”") for m in messages_]
        head = path.split(".")[0].split("[")[0]
        name = self.FIELD_OF.get(head, head)
        if name in self.fields:
            self.add_error(name, messages_)
            return
        where = CHILD_LABELS.get(head) or services.FIELD_LABELS.get(head) or head
        if "[" in path:
            where = f"{where} dòng {path.split('[')[1].split(']')[0]}"
        self.add_error(None, [f"{where}: {message}" for message in messages_])


class ProblemFilter(admin.SimpleListFilter):
    """Procedures by what blocks them (catalogue/quality.py)."""

    title = "vấn đề của bản ghi"
    parameter_name = "problem"

    def lookups(self, request, model_admin):
        return [("blocking", "Có vấn đề chặn xử lý"), *((code, kind.label) for code, kind in quality.KINDS.items())]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        report = quality.catalogue_report(queryset)
        rows = report.filtered(problem=self.value())
        return queryset.filter(pk__in=[row.id for row in rows])


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    form = ProcedureAdminForm
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
    list_filter = ["status", "record_status", "online_level", "online_level_set_by", "at_city", "at_commune", "field"]
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
            {
                "fields": [
                    "code",
                    "name",
                    "field",
                    ("at_city", "at_commune"),
                    "status",
                    "record_status",
                    ("online_level", "online_level_set_by"),
                    "online_level_basis",
                ]
            },
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

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ProblemFilter]

    def get_readonly_fields(self, request, obj=None):
        # The code names the procedure in the record: another code would be another procedure.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "code"] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        """Saved as every procedure is: services.save_edited_procedure with the record the form
        checked (ProcedureAdminForm), which records the version."""
        note = "Sửa trong trang quản trị" if change else "Thêm trong trang quản trị"
        procedure, _ = services.save_edited_procedure(
            form.record, procedure=obj if change else None, user=request.user, note=note
        )
        obj.pk, obj._state.adding = procedure.pk, False

    def save_related(self, request, form, formsets, change):
        """The lists were saved with the record; what a record does not hold is the documents'
        template files, uploaded or cleared here (matched by position)."""
        documents = list(RequiredDocument.objects.filter(procedure_id=form.instance.pk).order_by("order"))
        for document, document_form in zip(documents, form.child_forms.get("documents", []), strict=False):
            if "template_file" in document_form.changed_data:
                document.template_file = document_form.cleaned_data["template_file"] or ""
                document.save(update_fields=["template_file"])

    def construct_change_message(self, request, form, formsets, add=False):
        return change_message(form, [], add)

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
