from django.db import migrations


def install(apps, schema_editor):
    from homecare.core.dbtriggers import install

    install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from homecare.core.dbtriggers import uninstall

    uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
