"""Reminders and the task queue in the admin: read-only (the reminders service and the worker write them)."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from samen.audit.admin_base import ReadOnlyAdmin
from samen.reminders.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["deadline_id", "deadline_date", "kind", "user", "delivery", "sent_at"]
    list_filter = ["kind", "delivery"]


# django-tasks-db's own admin would let staff edit queued tasks; here the queue is only shown.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ReadOnlyAdmin):
    list_display = ["task_path", "status", "run_after", "enqueued_at", "finished_at"]
    list_filter = ["status"]
