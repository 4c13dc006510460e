"""The 34 provinces and 3,321 wards of the 2025 reorganisation, with their official codes,
from the vietnam-provinces package (data version pinned in pyproject.toml)."""

from django.db import migrations


def load(apps, schema_editor):
    from vietnam_provinces import Province as VNProvince
    from vietnam_provinces import Ward as VNWard

    Province = apps.get_model("schools", "Province")
    Ward = apps.get_model("schools", "Ward")
    existing = set(Province.objects.values_list("code", flat=True))
    Province.objects.bulk_create(
        Province(
            code=f"{p.code.value:02d}", name=p.name, codename=p.codename,
            division_type=p.division_type.value,
        )
        for p in VNProvince.iter_all()
        if f"{p.code.value:02d}" not in existing
    )
    by_code = {p.code: p.pk for p in Province.objects.all()}
    existing = set(Ward.objects.values_list("code", flat=True))
    Ward.objects.bulk_create(
        (
            Ward(
                code=f"{w.code.value:05d}", name=w.name, codename=w.codename,
                division_type=w.division_type.value,
                province_id=by_code[f"{w.province_code.value:02d}"],
            )
            for w in VNWard.iter_all()
            if f"{w.code.value:05d}" not in existing
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
