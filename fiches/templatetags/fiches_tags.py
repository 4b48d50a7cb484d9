"""``{% load fiches_tags %}``: ``{% action_status action %}`` → the coloured status badge (and « en retard »)."""

from django import template
from django.utils.html import format_html

from ..enums import ActionStatus

register = template.Library()


@register.simple_tag
def action_status(action_or_status, late=None):
    status = getattr(action_or_status, "status", action_or_status)
    if late is None:
        late = getattr(action_or_status, "is_late", False)
    label = ActionStatus(status).label if status in ActionStatus.values else status
    badge = format_html('<span class="badge avs-action-status avs-action-status-{}">{}</span>', status, label)
    if late:
        badge = format_html('{} <span class="badge avs-late-badge">En retard</span>', badge)
    return badge
