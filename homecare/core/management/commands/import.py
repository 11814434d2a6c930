from homecare.core.management.commands._dispatch import DispatchCommand


class Command(DispatchCommand):
    help = (
        "Import a file: postcodes (ONS Postcode Directory) and, as they are added, CQC ratings, packages..."
    )
    kind = "IMPORTS"
