"""Every page of the module is reachable from its map: public links for all, staff links
for people who are logged in."""


def test_public_links_for_everyone_staff_links_after_login(client, make_user, make_station):
    make_station("BD_TTQT_KK01", "air", name="Trạm quan trắc không khí tự động Thủ Dầu Một")
    page = client.get("/environment/").content.decode()
    for href in ("/environment/board/", "/environment/limits/", "/openaq/v3/locations"):
        assert f'href="{href}"' in page
    assert "/environment/manage/files/" not in page
    client.force_login(make_user("donre.lan", "DONRE", "editor"))
    page = client.get("/environment/").content.decode()
    for href in ("/environment/manage/stations/", "/environment/manage/files/", "/environment/manage/ftp-accounts/",
                 "/environment/manage/qc/"):
        assert f'href="{href}"' in page
        assert client.get(href).status_code == 200
    assert "Tài khoản FTP" in page
