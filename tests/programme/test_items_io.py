"""Items to and from CSV and Excel: round trip without history, updates, new tasks,
all-or-nothing validation with a report, dry run, per-unit permissions, the CLI."""
import csv
import io

import pytest
from django.core.management import CommandError, call_command

from django.utils import translation

from smartcity.programme.models import Item, ItemParticipant
from smartcity.programme.services import items_io


@pytest.fixture(autouse=True)
def _english():
    """The reasons are checked in English here (the Vietnamese is checked in the page test)."""
    with translation.override("en"):
        yield


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _to_csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=items_io.COLUMNS)
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _import(plan, rows, **kw):
    return items_io.import_items(plan, items_io.read_rows(_to_csv(rows), "items.csv"), **kw)


def _history():
    return Item.history.count(), ItemParticipant.history.count()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_of_the_shipped_plan_changes_nothing(plan2018, fmt):
    data = items_io.export_csv(plan2018) if fmt == "csv" else items_io.export_xlsx(plan2018)
    before = _history()
    rows = items_io.read_rows(data, f"items.{fmt}")
    assert len(rows) == plan2018.items.count() == 41
    report = items_io.import_items(plan2018, rows)
    assert report.ok, report.as_dict()
    assert (report.created, report.updated, report.unchanged) == ([], [], 41)
    assert _history() == before


@pytest.mark.django_db
def test_export_columns_and_values(small_plan):
    plan, it, st = small_plan
    rows = {r["number"]: r for r in _csv_rows(items_io.export_csv(plan))}
    assert list(next(iter(rows.values()))) == items_io.COLUMNS
    r = rows["II.4.1"]
    assert (r["kind"], r["parent"], r["lead"], r["support"], r["partners"]) == ("item", "II.4", "DOT", "BECAMEX", "VGU")
    assert (r["start"], r["deadline"], r["status"], r["progress"], r["weight"], r["budget_estimate"]) == (
        "2018-03-08", "2018-12-31", "in_progress", "40", "2", "2500000000")


@pytest.mark.django_db
def test_update_and_new_task(small_plan):
    plan, it, st = small_plan
    rows = _csv_rows(items_io.export_csv(plan))
    by = {r["number"]: r for r in rows}
    by["II.4.2"].update(progress="60", status="in_progress", actual_spend="1.200.000.000", support="BECAMEXTOKYU;BECAMEX", end="31/12/2020")
    rows.append({"number": "II.9.3.1", "kind": "task", "parent": "II.9.3", "title_vi": "Lắp thí điểm thùng rác thông minh tại Thủ Dầu Một",
                 "title_en": "Smart bin pilot in Thu Dau Mot", "lead": "", "start": "2018-06-01", "end": "2018-11-30",
                 "status": "done", "progress": "", "weight": "1", "budget_estimate": "450000000"})
    report = _import(plan, rows)
    assert report.ok, report.as_dict()
    assert report.updated == ["II.4.2"] and report.created == ["II.9.3.1"]
    b = Item.objects.get(pk=it["II.4.2"].pk)
    assert (b.progress, b.status.key, b.actual_spend, b.end_date.isoformat()) == (60, "in_progress", 1_200_000_000, "2020-12-31")
    assert set(b.participants.values_list("organisation__code", flat=True)) == {"BECAMEXTOKYU", "BECAMEX"}
    task = Item.objects.get(plan=plan, number="II.9.3.1")
    assert (task.kind, task.owner.code, task.parent.number, task.progress) == ("task", "DONRE", "II.9.3", 100)
    assert Item.objects.get(pk=it["II.4"].pk).progress == pytest.approx((2 * 40 + 60) / 3)
    assert Item.objects.get(pk=it["II.9.3"].pk).progress == 100  # rolled up from its done task


@pytest.mark.django_db
def test_bad_rows_are_reported_and_nothing_is_written(small_plan):
    plan, it, st = small_plan
    rows = _csv_rows(items_io.export_csv(plan))
    by = {r["number"]: r for r in rows}
    by["II.4.1"]["progress"] = "55"  # a good change, must not be applied either
    by["II.4.2"].update(lead="SOXYZ", start="31/02/2018")
    by["II.9.1"].update(progress="150", status="gần xong")
    by["II.9.3"]["partners"] = "EIPO;NOPE"
    rows.append({"number": "II.9.9", "kind": "task", "parent": "II.7", "title_vi": "Việc mới"})
    before = _history()
    report = _import(plan, rows)
    assert not report.ok and not report.applied
    got = {(e.row, e.column) for e in report.errors}
    line = {r["number"]: n for n, r in enumerate(rows, start=2)}
    assert got == {(line["II.4.2"], "lead"), (line["II.4.2"], "start"), (line["II.9.1"], "progress"), (line["II.9.1"], "status"),
                   (line["II.9.3"], "partners"), (line["II.9.9"], "parent")}
    reasons = " ".join(e.reason for e in report.errors)
    assert "SOXYZ" in reasons and "NOPE" in reasons and "II.7" in reasons
    assert Item.objects.get(pk=it["II.4.1"].pk).progress == 40
    assert _history() == before


@pytest.mark.django_db
def test_dry_run_counts_without_writing(small_plan):
    plan, it, st = small_plan
    rows = _csv_rows(items_io.export_csv(plan))
    rows[2]["progress"] = "75"
    report = _import(plan, rows, dry_run=True)
    assert report.ok and report.updated == [rows[2]["number"]] and not report.applied
    assert Item.objects.get(plan=plan, number=rows[2]["number"]).progress != 75


@pytest.mark.django_db
def test_the_plans_words_and_structure_do_not_change(small_plan):
    plan, it, st = small_plan
    rows = _csv_rows(items_io.export_csv(plan))
    by = {r["number"]: r for r in rows}
    by["II.4.1"]["text_vi"] = "Văn bản khác"
    by["II.9.1"]["parent"] = "II.4"
    by["II.4"]["progress"] = "99"
    report = _import(plan, rows)
    assert {e.column for e in report.errors} == {"text_vi", "parent"}
    del by["II.4.1"]["text_vi"], by["II.9.1"]["parent"]
    rows = [dict(r, text_vi=r.get("text_vi") or next(i.text_vi for i in plan.items.all() if i.number == r["number"]),
                 parent=r.get("parent") or "") for r in rows]
    next(r for r in rows if r["number"] == "II.9.1")["parent"] = "II.9"
    report = _import(plan, rows)  # a parent's progress cell is informational: ignored
    assert report.ok and report.updated == [] and Item.objects.get(pk=it["II.4"].pk).progress == pytest.approx(30)


@pytest.mark.django_db
def test_a_unit_touches_only_its_own_items(small_plan, make_user):
    plan, it, st = small_plan
    donre, office = make_user("donre-editor", "DONRE"), make_user("office-editor", "VPTPTM")
    rows = _csv_rows(items_io.export_csv(plan))
    by = {r["number"]: r for r in rows}
    by["II.9.3"]["progress"] = "20"
    assert [e.reason for e in _import(plan, rows, user=donre).errors] == ["status not_started sets the progress to 0 %"]
    by["II.9.3"]["status"] = "in_progress"
    assert _import(plan, rows, user=donre).ok  # its own item; the other rows are unchanged
    by["II.4.1"]["progress"] = "90"
    rows.append({"number": "II.4.1.1", "parent": "II.4.1", "title_vi": "Khảo sát nút giao Quốc lộ 13", "lead": "DONRE",
                 "progress": "70"})
    report = _import(plan, rows, user=donre)
    assert {(e.column, e.reason.split()[-1]) for e in report.errors} == {("lead", "DOT"), ("parent", "DOT")}
    report = _import(plan, rows, user=office)
    assert report.ok and report.created == ["II.4.1.1"] and report.updated == ["II.4.1"]
    assert Item.objects.get(plan=plan, number="II.4.1.1").owner.code == "DONRE"
    assert Item.objects.get(pk=it["II.4.1"].pk).progress == 70  # now a parent: follows its task


@pytest.mark.django_db
def test_unreadable_files(small_plan):
    with pytest.raises(items_io.FileError):
        items_io.read_rows(b"\xff\xfe\x00garbage", "items.csv")
    with pytest.raises(items_io.FileError):
        items_io.read_rows(b"not a zip", "items.xlsx")
    with pytest.raises(items_io.FileError):
        items_io.read_rows(b"a,b\n1,2\n", "items.csv")
    with pytest.raises(items_io.FileError):
        items_io.read_rows(b"number\n", "items.pdf")


@pytest.mark.django_db
def test_cli_export_and_import(small_plan, tmp_path, make_user, capsys):
    plan, it, st = small_plan
    out = tmp_path / "items.xlsx"
    call_command("programme", "export-items", "--plan", plan.code, "--out", str(out))
    assert out.read_bytes()[:2] == b"PK"
    call_command("programme", "import-items", "--plan", plan.code, str(out))
    assert "unchanged 9" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    rows = _csv_rows(items_io.export_csv(plan))
    rows[3]["deadline"] = "hôm qua"
    bad.write_bytes(_to_csv(rows))
    with pytest.raises(CommandError) as exc:
        call_command("programme", "import-items", "--plan", plan.code, str(bad))
    assert exc.value.returncode == 1
    assert "deadline" in capsys.readouterr().out
    make_user("dot-editor", "DOT")
    good = tmp_path / "good.csv"
    rows = _csv_rows(items_io.export_csv(plan))
    next(r for r in rows if r["number"] == "II.4.1")["progress"] = "45"
    good.write_bytes(_to_csv(rows))
    call_command("programme", "import-items", "--plan", plan.code, str(good), "--dry-run", "--user", "dot-editor")
    assert Item.objects.get(pk=it["II.4.1"].pk).progress == 40
    call_command("programme", "import-items", "--plan", plan.code, str(good), "--user", "dot-editor")
    assert Item.objects.get(pk=it["II.4.1"].pk).progress == 45
