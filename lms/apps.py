from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Platform"

    def ready(self):
        from django.db.backends.signals import connection_created

        from lms.collation import sqlite_collation_register

        connection_created.connect(sqlite_collation_register)
