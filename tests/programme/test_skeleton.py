"""The programme app is installed: its home answers and the small test plan builds."""


def test_home_and_small_plan(client, small_plan):
    plan, items, status = small_plan
    assert items["II.4.1"].parent == items["II.4"]
    assert plan.statuses.count() == 5
    response = client.get("/programme/")
    assert response.status_code == 200
    assert plan.title_vi in response.content.decode()
