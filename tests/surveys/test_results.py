"""Results from submitted answers: the cross-tab API against hand-computed counts, filters,
the results page, the Excel export read back with openpyxl, findings linked to programme
items, and the demo loader."""
import io
import time

from openpyxl import load_workbook

from smartcity.surveys import services
from tests.surveys.conftest import GOOD

# answers per enterprise (creation order of the `enterprises` fixture):
# 0 C large FDI vsip, 1 C medium my-phuoc-3, 2 C small vsip, 3 G micro, 4 G medium FDI, 5 G small my-phuoc-3
ANSWERS = [
    {**GOOD, "difficulties": ["labour", "procedures"], "procedures": 2},
    {**GOOD, "difficulties": ["labour"], "procedures": 4},
    {**GOOD, "difficulties": ["land", "labour"], "procedures": 4},
    {**GOOD, "difficulties": ["land"], "procedures": 5},
    {**GOOD, "difficulties": ["procedures", "logistics"], "procedures": 1},
    None,  # did not answer
]


def _answered(make_campaign, enterprises):
    campaign = make_campaign()
    services.add_recipients(campaign, {})
    for r, a in zip(campaign.recipients.order_by("pk"), ANSWERS):
        if a is not None:
            services.submit(r, a)
    return campaign


def test_crosstab_api_matches_hand_counts(api, dpi_user, make_campaign, enterprises):
    campaign = _answered(make_campaign, enterprises)
    api.force_authenticate(dpi_user)
    t = api.get(f"/api/surveys/campaigns/{campaign.pk}/crosstab/?question=difficulties&by=sector").json()
    groups = {g["group"]: g for g in t["groups"]}
    # C: 3 respondents, labour 3 (100 %), land 1, procedures 1; G: 2 respondents, land 1, procedures 1, logistics 1
    assert groups["C"]["n"] == 3 and groups["C"]["counts"]["labour"] == 3 and groups["C"]["pct"]["labour"] == 100.0
    assert groups["C"]["pct"]["land"] == 33.3 and groups["G"]["n"] == 2 and groups["G"]["pct"]["logistics"] == 50.0
    assert t["total"]["n"] == 5 and t["total"]["counts"]["land"] == 2
    fdi = api.get(f"/api/surveys/campaigns/{campaign.pk}/crosstab/?question=procedures&by=fdi").json()
    means = {g["group"]: g["mean"] for g in fdi["groups"]}
    assert means == {"True": 1.5, "False": 4.33}  # (2 + 1) / 2 and (4 + 4 + 5) / 3
    size = api.get(f"/api/surveys/campaigns/{campaign.pk}/crosstab/?question=procedures&by=size").json()
    assert [g["group"] for g in size["groups"]] == ["micro", "small", "medium", "large"]  # the classes' order
    assert {g["group"]: g["counts"]["4"] for g in size["groups"]} == {"micro": 0, "small": 1, "medium": 1, "large": 0}
    # a filter narrows every count: only foreign-invested firms
    only = api.get(f"/api/surveys/campaigns/{campaign.pk}/crosstab/?question=difficulties&by=park&fdi=True").json()
    assert only["total"]["n"] == 2 and {g["group"] for g in only["groups"]} == {"vsip-1", "-"}
    bad = api.get(f"/api/surveys/campaigns/{campaign.pk}/crosstab/?question=note&by=size")
    assert bad.status_code == 400 and bad.json()["code"] == "not_crosstabbable" and bad.json()["errors"][0]["field"] == "question"
    res = api.get(f"/api/surveys/campaigns/{campaign.pk}/results/").json()
    assert res["n"] == 5 and res["questions"]["procedures"]["mean"] == 3.2 and res["rate"]["states"]["submitted"] == 5
    xlsx = api.get(f"/api/surveys/campaigns/{campaign.pk}/export/?size=medium")
    assert xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.content))["Answers"].max_row == 2 + 2  # two medium firms
    responses = api.get(f"/api/surveys/responses/?campaign={campaign.pk}&state=submitted").json()
    assert responses["count"] == 5 and responses["results"][0]["answers"]["difficulties"] == ["labour", "procedures"]


def test_results_page_and_excel_export(client_as, dpi_user, make_campaign, enterprises):
    campaign = _answered(make_campaign, enterprises)
    c = client_as(dpi_user)
    page = c.get(f"/surveys/c/{campaign.pk}/results/?question=difficulties&by=size").content.decode()
    assert 'id="sv-crosstab"' in page and "<svg" in page and "Lao động có tay nghề" in page
    xlsx = c.get(f"/surveys/c/{campaign.pk}/results.xlsx")
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.content))
    ws = wb["Answers"]
    keys = [cell.value for cell in ws[1]]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 5
    first = dict(zip(keys, rows[0]))
    assert first["tax_code"] == "3700000000" and first["size"] == "large" and first["fdi"] is True
    assert first["procedures"] == 2 and first["difficulties[labour]"] == 1 and first["difficulties[land]"] == 0
    assert first["infra.water"] == 4
    ct = [r for r in wb["Crosstabs"].iter_rows(values_only=True)]
    start = ct.index(next(r for r in ct if len(r) > 3 and r[2] == "difficulties" and r[3] == "sector"))
    header = ct[start + 1]
    c_row = next(r for r in ct[start + 2:start + 8] if str(r[0]).startswith("C"))
    assert c_row[1] == 3 and c_row[header.index("Lao động có tay nghề")] == 3
    assert c_row[header.index("% Lao động có tay nghề")] == 100.0


def test_findings_linked_to_programme_items(api, dpi_user, dost_user, make_campaign, client_as):
    from smartcity.core.models import Organisation
    from smartcity.programme.models import Item, Plan

    dpi = Organisation.objects.get(code="DPI")
    plan = Plan.objects.create(owner=dpi, code="kh-11-2018", number="11/KH-BDH", title_vi="Kế hoạch thành phố thông minh", issued_on="2018-01-05", year=2018)
    item = Item.objects.create(owner=dpi, plan=plan, kind="programme", number="II.5", title_vi="Cơ sở dữ liệu doanh nghiệp dùng chung")
    campaign = make_campaign()
    api.force_authenticate(dpi_user)
    payload = {"campaign": campaign.pk, "title_vi": "Thủ tục còn chậm", "text_vi": "Doanh nghiệp FDI chấm thủ tục thấp.",
               "evidence": ["procedures"], "severity": "high", "priority": 1, "programme_items": [item.pk]}
    r = api.post("/api/surveys/findings/", payload, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["programme_item_numbers"] == ["II.5 Cơ sở dữ liệu doanh nghiệp dùng chung"] and r.json()["owner"] == "DPI"
    bad = api.post("/api/surveys/findings/", {**payload, "evidence": ["khong_co"]}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "evidence"
    assert item.survey_findings.count() == 1
    page = client_as(dpi_user).get(f"/surveys/c/{campaign.pk}/").content.decode()
    assert "Thủ tục còn chậm" in page and "II.5" in page
    api.force_authenticate(dost_user)
    assert api.post("/api/surveys/findings/", {**payload, "owner": "DOST"}, format="json").status_code == 403


def test_demo_loader(enterprises, dpi_user):
    from smartcity.economy.models import Enterprise
    from smartcity.surveys import demo_needs
    from smartcity.surveys.models import Campaign

    garment, trade = enterprises[0], enterprises[3]
    Enterprise.objects.bulk_create([
        Enterprise(owner=garment.owner, tax_code=f"37100{i:05d}", name_vi=f"Công ty TNHH Sản xuất Thuận An số {i}",
                   main_sector=(garment if i % 2 else trade).main_sector, employees=5 + (i * 37) % 900,
                   industrial_park=garment.industrial_park if i % 3 == 0 else None, foreign_invested=i % 4 == 0)
        for i in range(400)])
    started = time.perf_counter()
    counts = demo_needs.load()
    assert time.perf_counter() - started < 5
    assert counts["questionnaires"] == 1 and counts["findings"] == 3 and counts["recipients"] == 300 + 6
    campaign = Campaign.objects.get()
    assert campaign.owner.code == "DPI" and campaign.version.state == "published"
    res = services.results(campaign)
    assert res["n"] == counts["submitted"] and 0.5 < (res["n"] - 6) / 300 < 0.7  # about 60 % answered
    # the patterns the findings speak of are in the data
    by_sector = {g["group"]: g for g in services.crosstab(campaign, "difficulties", "sector")["groups"]}
    assert by_sector["C"]["pct"]["labour"] > by_sector["G"]["pct"]["labour"] + 20
    by_fdi = {g["group"]: g for g in services.crosstab(campaign, "procedures", "fdi")["groups"]}
    assert by_fdi["True"]["mean"] < by_fdi["False"]["mean"] - 0.5
    assert demo_needs.load()["questionnaires"] == 0  # idempotent


def test_demo_without_enterprises_creates_nothing(reference):
    from smartcity.surveys import demo_needs
    from smartcity.surveys.models import Questionnaire

    assert demo_needs.load() == {"questionnaires": 0, "recipients": 0, "submitted": 0, "findings": 0}
    assert not Questionnaire.objects.exists()
