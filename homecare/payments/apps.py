from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "homecare.payments"
    label = "payments"
    verbose_name = "Payments: payment runs, confirmation, disputes, remittances and recharges"
