"""Vietnamese first, English on request; every shipped string translated."""
from pathlib import Path

import polib

import smartcity


def test_vietnamese_by_default_even_for_english_browsers(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page
    assert "Thành phố Thông minh Bình Dương" in page
    assert "Đăng nhập" in page


def test_switch_to_english_and_back(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and "Binh Duong Smart City" in page and "Log in" in page
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Đăng nhập" in client.get("/").content.decode()


def test_lang_query_parameter(client, db):
    assert "Organisations" in client.get("/organisations/?lang=en").content.decode()


def test_catalogue_complete():
    """Every catalogue the package ships (the project's and each app's) is fully translated."""
    catalogues = sorted(Path(smartcity.__file__).parent.rglob("locale/vi/LC_MESSAGES/django.po"))
    assert len(catalogues) >= 2  # the project's and the environment app's
    for po_path in catalogues:
        catalogue = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in catalogue.untranslated_entries()] + [e.msgid for e in catalogue.fuzzy_entries()]
        assert untranslated == [], po_path
        assert catalogue.percent_translated() == 100, po_path


def test_add_entries_keeps_existing_translations(tmp_path):
    from smartcity.i18n import add_entries

    po = tmp_path / "locale/vi/LC_MESSAGES/django.po"
    assert add_entries(po, [("Station", "Trạm"), ("River", "Sông")]) == 2
    assert add_entries(po, [("Station", "Trạm khác"), ("Parameter", "Thông số")]) == 1
    entries = {e.msgid: e.msgstr for e in polib.pofile(str(po))}
    assert entries == {"Station": "Trạm", "River": "Sông", "Parameter": "Thông số"}


def test_catalogue_compiled_at_start(tmp_path):
    from smartcity.i18n import compile_catalogues

    src = Path(smartcity.__file__).parent / "locale/vi/LC_MESSAGES/django.po"
    target = tmp_path / "locale/vi/LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_bytes(src.read_bytes())
    assert compile_catalogues(tmp_path) == [target / "django.mo"]
    assert compile_catalogues(tmp_path) == []  # up to date: nothing rebuilt
    mo = polib.mofile(str(target / "django.mo"))
    assert any(e.msgstr == "Thành phố Thông minh Bình Dương" for e in mo)


def test_catalogue_changed_during_a_compile_is_built_again(tmp_path):
    """A .mo built from an older .po (a translator added entries while another process was
    compiling) is rebuilt at the next start, even though the .mo file is the newer one."""
    import os

    from smartcity.i18n import add_entries, compile_catalogues

    po = tmp_path / "locale/vi/LC_MESSAGES/django.po"
    add_entries(po, [("Lamp failure", "Hỏng bóng đèn")])
    assert compile_catalogues(tmp_path) == [po.with_suffix(".mo")]
    add_entries(po, [("Supply loss", "Mất nguồn điện")])
    # the race: the .po's new time is older than the .mo written by the compile in flight
    mo_ns = po.with_suffix(".mo").stat().st_mtime_ns
    os.utime(po, ns=(mo_ns - 10**9, mo_ns - 10**9))
    assert compile_catalogues(tmp_path) == [po.with_suffix(".mo")]
    assert {e.msgid for e in polib.mofile(str(po.with_suffix(".mo")))} == {"Lamp failure", "Supply loss"}
    assert compile_catalogues(tmp_path) == []


def test_every_module_speaks_vietnamese():
    """The home page's module cards: each label and description has its Vietnamese text
    (a msgid edited in the code without its catalogue entry shows in English)."""
    from django.utils import translation

    from smartcity.core.modules import all_modules

    missing = []
    for m in all_modules():
        for field in ("label", "description"):
            with translation.override("vi"):
                vi = str(getattr(m, field))
            with translation.override("en"):
                en = str(getattr(m, field))
            if vi and vi == en:
                missing.append(f"{m.key}.{field}: {en[:60]}")
    assert missing == []
