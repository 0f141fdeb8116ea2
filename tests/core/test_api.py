"""API root, OpenAPI schema, offline Swagger UI, the stable error shape."""


def test_api_root_lists_endpoints(client, db):
    body = client.get("/api/").json()
    assert {"organisations", "admin-units", "me", "tokens"} <= set(body)


def test_schema_is_openapi3(client, db):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/organisations/{code}/" in schema["paths"]
    assert "personalToken" in schema["components"]["securitySchemes"]


def test_swagger_ui_served_from_package(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


def test_error_shapes(api, make_user):
    missing = api.get("/api/organisations/NOPE/").json()
    assert (missing["status"], missing["code"], missing["errors"]) == (404, "not_found", [])
    assert missing["detail"] == "Không tìm thấy."  # details speak the request's language
    assert api.get("/api/organisations/NOPE/?lang=en").json()["detail"] == "Not found."
    assert api.get("/api/no-such-endpoint/").json()["code"] == "not_found"
    api.force_authenticate(make_user("donre.minh", "DONRE", "editor"))
    body = api.patch("/api/organisations/DONRE/", {"email": "không-phải-email"}, format="json").json()
    assert body["status"] == 400 and body["code"] == "validation_error"
    assert body["errors"][0]["field"] == "email" and body["errors"][0]["code"] == "invalid"


def test_admin_units_dated(api, reference):
    before = api.get("/api/admin-units/?valid_on=2020-01-01&level=district").json()
    names = sorted(u["name_vi"] for u in before["results"])
    assert names == sorted(["Thủ Dầu Một", "Dĩ An", "Thuận An", "Bến Cát", "Tân Uyên", "Bàu Bàng", "Bắc Tân Uyên", "Dầu Tiếng", "Phú Giáo"])
    after = api.get("/api/admin-units/?valid_on=2025-07-01&level=district").json()
    assert after["count"] == 0
    wards = api.get("/api/admin-units/?valid_on=2026-01-01&level=commune").json()
    assert wards["count"] == 36
    province_2020 = api.get("/api/admin-units/?valid_on=2020-01-01&level=province").json()["results"]
    assert [p["code"] for p in province_2020] == ["74"]
