"""Sending e-mails once: what scheduled commands send is recorded under a key, and a key is never sent twice."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string


def render_email(template, context, *, to):
    """An EmailMessage from ``<template>_subject.txt`` and ``<template>.txt`` (French texts live in templates)."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def send_once(key, message):
    """Send ``message`` unless ``key`` was sent already; True when sent. The record and the sending stand or fall
    together: a failed sending leaves no record, so the next run tries again."""
    from .models import SentNotification

    try:
        with transaction.atomic():
            SentNotification.objects.create(key=key, recipient=", ".join(message.to), subject=message.subject[:250])
            message.send()
    except IntegrityError:
        return False
    return True
