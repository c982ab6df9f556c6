from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "liaison.attendance"
    label = "attendance"
    verbose_name = "Attendance"
