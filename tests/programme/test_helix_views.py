"""The Triple Helix matrix page and its CSV export."""
import csv
import io
import re

from django.urls import reverse


def test_matrix_page(client, small_plan):
    plan, items, _ = small_plan
    r = client.get(reverse("programme-helix"))
    html = r.content.decode()
    assert r.status_code == 200 and "<html lang=\"vi\">" in html and "Ba Nhà" in html
    matrix = re.search(r'<table class="hm-table" id="helix-matrix">.*?</table>', html, re.S).group(0)
    # rows: the reported items (II.4.1, II.4.2, II.9.1, II.9.3, III.4); programmes with bullets are not rows
    assert re.findall(r'<tr data-number="([^"]+)"', matrix) == ["II.4.1", "II.4.2", "II.9.1", "II.9.3", "III.4"]
    row = re.search(r'<tr data-number="II.4.1".*?</tr>', matrix, re.S).group(0)
    assert re.search(r'data-org="DOT" data-role="lead"', row)
    assert re.search(r'data-org="BECAMEX" data-role="support"', row) and re.search(r'data-org="VGU" data-role="partner"', row)
    assert 'data-flag="missing-helix"' not in row
    row = re.search(r'<tr data-number="II.9.3".*?</tr>', matrix, re.S).group(0)
    assert 'class="hm-missing"' in row and 'data-flag="missing-helix"' in row
    # organisation columns grouped by helix: government first, then business, academia
    heads = re.findall(r'<th class="hm-org"[^>]*data-org="([^"]+)"', matrix)
    assert heads.index("DOT") < heads.index("BECAMEX") < heads.index("VGU")
    summary = re.search(r'id="helix-summary">.*?</div>\s*</div>', html, re.S).group(0)
    assert 'id="helix-complete">2<' in summary  # II.4.1 and II.9.1
    orgs = re.search(r'<table id="helix-orgs">.*?</table>', html, re.S).group(0)
    dot = re.search(r'<tr data-org="DOT">.*?</tr>', orgs, re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', dot) == ["2", "0", "0"]


def test_matrix_only_missing_and_english(client, small_plan):
    plan, items, _ = small_plan
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("programme-helix"), {"plan": plan.code, "missing": "1"}).content.decode()
    assert '<html lang="en">' in html and "Items × organisations" in html
    assert re.findall(r'<tr data-number="([^"]+)"', html) == ["II.4.2", "II.9.3", "III.4"]
    assert "Missing helices: Academia" in html


def test_matrix_csv(client, small_plan):
    plan, items, _ = small_plan
    r = client.get(reverse("programme-helix"), {"plan": plan.code, "format": "csv"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv") and "attachment" in r["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    head = rows[0]
    assert head[:4] == ["number", "title_vi", "title_en", "lead"]
    by_number = {row[0]: dict(zip(head, row)) for row in rows[2:]}
    assert set(by_number) == {"II.4.1", "II.4.2", "II.9.1", "II.9.3", "III.4"}
    assert by_number["II.4.1"]["VGU"] == "partner" and by_number["II.4.1"]["DOT"] == "lead"
    assert by_number["II.9.3"]["missing"] == "business academia" and by_number["II.9.3"]["title_vi"].startswith("Thùng rác thông minh")


def test_unknown_plan_404(client, small_plan):
    assert client.get(reverse("programme-helix"), {"plan": "khong-co"}).status_code == 404
