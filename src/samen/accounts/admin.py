from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from samen.accounts.models import User


@admin.register(User)
class SamenUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "role", "party", "is_staff"]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("samen", {"fields": ("role", "agreement", "party")}))
