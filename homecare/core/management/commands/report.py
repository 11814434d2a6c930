from homecare.core.management.commands._dispatch import DispatchCommand


class Command(DispatchCommand):
    help = "Print a report as a table or CSV."
    kind = "REPORTS"
