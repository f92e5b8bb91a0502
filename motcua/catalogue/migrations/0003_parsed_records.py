"""What the parser reads from the published records: documents' kind, whether they are required,
their case and note; fees' unit, case and who sets them; legal documents' date and issuer; the
procedure's notes on its documents and the result when it is refused; the same-day time unit.

On SQLite, adding a column to catalogue_procedure rebuilds the table, which drops the triggers
that keep the full-text index (0002_search_index) in step: they are created again here and the
index rebuilt from the table.
"""

from django.db import migrations, models

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS catalogue_procedure_fts_ai",
    "DROP TRIGGER IF EXISTS catalogue_procedure_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_procedure_fts_au",
    """CREATE TRIGGER catalogue_procedure_fts_ai AFTER INSERT ON catalogue_procedure BEGIN
        INSERT INTO catalogue_procedure_fts(rowid, search_name, search_text)
        VALUES (new.id, new.search_name, new.search_text); END""",
    """CREATE TRIGGER catalogue_procedure_fts_ad AFTER DELETE ON catalogue_procedure BEGIN
        INSERT INTO catalogue_procedure_fts(catalogue_procedure_fts, rowid, search_name, search_text)
        VALUES ('delete', old.id, old.search_name, old.search_text); END""",
    """CREATE TRIGGER catalogue_procedure_fts_au AFTER UPDATE OF search_name, search_text ON catalogue_procedure BEGIN
        INSERT INTO catalogue_procedure_fts(catalogue_procedure_fts, rowid, search_name, search_text)
        VALUES ('delete', old.id, old.search_name, old.search_text);
        INSERT INTO catalogue_procedure_fts(rowid, search_name, search_text)
        VALUES (new.id, new.search_name, new.search_text); END""",
    "INSERT INTO catalogue_procedure_fts(catalogue_procedure_fts) VALUES ('rebuild')",
]


def restore_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_search_index"),
    ]

    operations = [
        # backwards, removing the columns rebuilds the table again: the triggers come back after it
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers),
        migrations.AddField(
            model_name="fee",
            name="condition",
            field=models.TextField(
                blank=True,
                help_text="Trống: mọi trường hợp. Ví dụ: “từ trang thứ 3 trở lên”.",
                verbose_name="trường hợp áp dụng",
            ),
        ),
        migrations.AddField(
            model_name="fee",
            name="per",
            field=models.CharField(
                blank=True, help_text="lần, trang, bản, hồ sơ, …", max_length=100, verbose_name="đơn vị tính"
            ),
        ),
        migrations.AddField(
            model_name="fee",
            name="set_by",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Theo mức công bố"),
                    ("province", "Do Hội đồng nhân dân cấp tỉnh quyết định"),
                    ("law", "Theo văn bản quy định về phí, lệ phí"),
                ],
                max_length=8,
                verbose_name="mức thu",
            ),
        ),
        migrations.AddField(
            model_name="legalbasis",
            name="date",
            field=models.DateField(blank=True, null=True, verbose_name="ngày ban hành"),
        ),
        migrations.AddField(
            model_name="legalbasis",
            name="issuer",
            field=models.CharField(blank=True, max_length=200, verbose_name="cơ quan ban hành"),
        ),
        migrations.AddField(
            model_name="procedure",
            name="documents_note",
            field=models.TextField(
                blank=True,
                help_text="Những dòng của thành phần hồ sơ không phải là giấy tờ: lưu ý, hướng dẫn, trường hợp.",
                verbose_name="ghi chú về thành phần hồ sơ",
            ),
        ),
        migrations.AddField(
            model_name="procedure",
            name="result_refusal",
            field=models.TextField(
                blank=True,
                help_text="Văn bản từ chối, trả lời nêu rõ lý do, …",
                verbose_name="kết quả khi không giải quyết",
            ),
        ),
        migrations.AddField(
            model_name="requireddocument",
            name="condition",
            field=models.TextField(
                blank=True, help_text="Trống: mọi người nộp hồ sơ.", verbose_name="trường hợp phải nộp"
            ),
        ),
        migrations.AddField(
            model_name="requireddocument",
            name="kind",
            field=models.CharField(
                choices=[("submit", "Nộp"), ("show", "Xuất trình")],
                default="submit",
                max_length=8,
                verbose_name="nộp hay xuất trình",
            ),
        ),
        migrations.AddField(
            model_name="requireddocument",
            name="note",
            field=models.TextField(blank=True, verbose_name="ghi chú"),
        ),
        migrations.AddField(
            model_name="requireddocument",
            name="required",
            field=models.BooleanField(default=True, verbose_name="bắt buộc"),
        ),
        migrations.AlterField(
            model_name="channel",
            name="time_unit",
            field=models.CharField(
                blank=True,
                choices=[
                    ("working_days", "ngày làm việc"),
                    ("days", "ngày"),
                    ("hours", "giờ làm việc"),
                    ("months", "tháng"),
                    ("same_day", "trong ngày làm việc"),
                ],
                max_length=16,
                verbose_name="đơn vị",
            ),
        ),
        migrations.AlterField(
            model_name="procedure",
            name="time_unit",
            field=models.CharField(
                blank=True,
                choices=[
                    ("working_days", "ngày làm việc"),
                    ("days", "ngày"),
                    ("hours", "giờ làm việc"),
                    ("months", "tháng"),
                    ("same_day", "trong ngày làm việc"),
                ],
                max_length=16,
                verbose_name="đơn vị thời hạn",
            ),
        ),
        migrations.RunPython(restore_search_triggers, restore_search_triggers),
    ]
