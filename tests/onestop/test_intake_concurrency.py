"""Dossier codes stay unique and consecutive when clerks take dossiers in at the same time
(8 threads x 10 intakes, each thread with its own database connection; runs on SQLite and
on PostgreSQL)."""
import threading

from tests.onestop.factories import local

APPLICANTS = [
    ("Phạm Minh Tuấn", "0903111222"), ("Võ Thị Ngọc Hân", "0918222333"), ("Đặng Quốc Bảo", "0937333444"),
    ("Huỳnh Thị Kim Oanh", "0965444555"), ("Bùi Văn Thắng", "0983555666"), ("Ngô Thị Thanh Tâm", "0907666777"),
    ("Trương Công Danh", "0919777888"), ("Lý Thị Hồng Nhung", "0972888999"),
]


def test_concurrent_counter_intakes_get_distinct_consecutive_codes(shared_db, procedures, make_user):
    from django.db import connection

    from smartcity.onestop.models import Dossier, DossierSequence
    from smartcity.onestop.services import intake

    version = procedures["business"]
    clerk = make_user("motcua.skhdt", "DPI")
    codes, errors = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def work(i):
        name, phone = APPLICANTS[i]
        try:
            barrier.wait(timeout=30)
            for k in range(10):
                d = intake.receive_at_counter(
                    version=version, user=clerk, at=local(2026, 5, 6, 9, 10 + i),
                    applicant={"kind": "citizen", "name": name, "phone": phone, "id_number": f"07409{i:03d}{k:04d}"},
                    subject=f"Đăng ký hộ kinh doanh số {k + 1} của {name}, phường Dĩ An")
                with lock:
                    codes.append(d.code)
        except Exception as exc:  # noqa: BLE001 - reported below
            with lock:
                errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors[:3]
    assert len(codes) == 80 and len(set(codes)) == 80
    numbers = sorted(int(c.rsplit("-", 1)[1]) for c in codes)
    assert numbers == list(range(1, 81))
    assert {c.rsplit("-", 1)[0] for c in codes} == {"000.00.07.H06-260506"}
    assert Dossier.objects.filter(code__in=codes).count() == 80
    assert DossierSequence.objects.get(agency_code="000.00.07.H06").last == 80
