"""Fixtures of the research tests: a TDMU lab with equipment, editors of two universities."""
from datetime import datetime, time

import pytest

from smartcity.research.services import LOCAL


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL)


@pytest.fixture
def lab(reference):
    from smartcity.core.models import Organisation
    from smartcity.research.models import Equipment, Lab

    tdmu = Organisation.objects.get(code="TDMU")
    lab = Lab.objects.create(slug="tdmu-iot", owner=tdmu, name_vi="Phòng thí nghiệm IoT và hệ thống nhúng",
                             name_en="IoT and Embedded Systems Lab", field="IoT", building="Nhà I2, phòng I2.302",
                             address="Số 6 Trần Văn Ơn, phường Phú Hòa, TP. Thủ Dầu Một", capabilities=["LoRaWAN", "PCB"],
                             opens=time(7, 30), closes=time(17, 0), open_days="012345", contact_email="lab.iot@tdmu.edu.vn")
    lab.scope = Equipment.objects.create(lab=lab, name_vi="Máy hiện sóng số", model="Keysight DSOX1204G", quantity=4,
                                         hourly_fee_vnd=80000)
    lab.analyser = Equipment.objects.create(lab=lab, name_vi="Máy phân tích phổ", model="Rigol RSA3030N", hourly_fee_vnd=300000)
    return lab


@pytest.fixture
def people(make_user):
    return {"tdmu": make_user("tdmu.long", "TDMU", "editor", email="long@tdmu.edu.vn"),
            "vgu": make_user("vgu.phong", "VGU", "editor", email="phong@vgu.edu.vn"),
            "student": make_user("sv.nam", None, "viewer", email="nam.sv@gmail.com", first_name="Nam", last_name="Võ Hoàng"),
            "dost": make_user("dost.khoa", "DOST", "editor", email="khoa@dost.binhduong.gov.vn")}


def monday(weeks_ahead: int = 1):
    """Monday of a coming week (the booking rules refuse slots in the past)."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    return today + timedelta(days=7 * weeks_ahead - today.weekday())


def at(day, hour, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL)
