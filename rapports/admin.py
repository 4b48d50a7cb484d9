"""The admin shows no model of rapports; it hides the queue of background renders (django-tasks-db).

The queue is technical (rendered PDFs, their errors, the worker's ids) and its rows come and go every minute:
it is followed in the worker's log and purged by `manage.py prune_db_task_results` (deploy/crontab).
"""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
