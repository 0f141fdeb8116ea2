"""The whole shipped Plan 11/KH-BDH renders as a navigable tree, with every item reachable."""
import re

from django.urls import reverse

from smartcity.programme.models import Item


def test_whole_plan_renders(client, plan2018):
    plan = plan2018
    r = client.get(reverse("programme-plan", args=[plan.code]))
    html = r.content.decode()
    assert r.status_code == 200
    numbers = set(re.findall(r'class="pi-row" data-number="([^"]+)"', html))
    assert numbers == set(Item.objects.filter(plan=plan).values_list("number", flat=True))
    for n in ["I", "II", "III", "I.1", "I.4", "II.1", "II.12", "III.1", "III.4"]:
        assert n in numbers
    assert plan.number in html and plan.issued_on.strftime("%d/%m/%Y") in html
    # a sentence of the plan is findable without diacritics
    html = client.get(reverse("programme-plan", args=[plan.code]), {"q": "thanh pho thong minh"}).content.decode()
    assert 'id="filter-count"' in html


def test_every_item_page_of_a_programme_renders(client, plan2018):
    programme = Item.objects.get(plan=plan2018, number="II.1")
    for item in [programme, *programme.children.all()]:
        r = client.get(reverse("programme-item", args=[item.pk]))
        assert r.status_code == 200, item.number
        assert item.text_vi.split("\n")[0][:60] in r.content.decode()
    assert client.get(reverse("programme-helix"), {"plan": plan2018.code}).status_code == 200
