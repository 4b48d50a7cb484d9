"""Logging in with e-mail and password; what a person may do comes from the rules, never from Django's
permission tables."""

from django.contrib.auth.backends import ModelBackend


class LoginBackend(ModelBackend):
    """Django's ModelBackend for logging in, without its permissions: every permission of the project is
    a rule (the apps' ``rules.py``), and the admin site asks the rules too (core.access). Asking Django's
    tables as well cost two queries on every page where a rule said no (the menu asks several)."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()
