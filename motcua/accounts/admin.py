from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from motcua.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "role", "counter"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "kind", "phone", "email", "is_active"]
    list_filter = ["kind", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "national_id", "tax_code", "phone", "email"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Thông tin định danh", {"fields": ("kind", "full_name", "national_id", "tax_code", "phone")}),
    )
    inlines = [MembershipInline]
