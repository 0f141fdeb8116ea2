"""A small lighting network for the tests: Becamex's Đường Lê Lợi group (two LED luminaires
that replaced 150 W sodium and one sodium lamp still burning) on one three-phase cabinet,
a weekday/weekend/Tết calendar, and one DOT luminaire on ĐT 742."""
import uuid

import pytest


@pytest.fixture
def lighting(hub):
    from smartcity.core.models import Organisation
    from smartcity.lighting import services
    from smartcity.lighting.models import (
        Cabinet, Calendar, CalendarRule, Circuit, ControlProgram, LightingGroup, Luminaire, Pole,
    )

    bcm, dot = Organisation.objects.get(code="BECAMEX"), Organisation.objects.get(code="DOT")
    suffix = uuid.uuid4().hex[:6]  # controller ids unique per run: two suites may share one broker
    weekday = ControlProgram.objects.create(code="T-WEEKDAY", name="Ngày thường", owner=bcm, steps=[
        {"at": "on", "level": 100}, {"at": "23:00", "level": 50}, {"at": "04:30", "level": 100}])
    full = ControlProgram.objects.create(code="T-FULL", name="Tết", owner=bcm, steps=[{"at": "on", "level": 100}])
    cal = Calendar.objects.create(code="T-CAL", name="Lịch Thành phố mới", owner=bcm, on_offset_min=10, off_offset_min=-10,
                                  default_program=weekday)
    CalendarRule.objects.create(calendar=cal, position=0, name="Tết", program=full, special="tet")
    group = LightingGroup.objects.create(code="T-LL", name="Đường Lê Lợi", owner=bcm, calendar=cal)
    cab = Cabinet.objects.create(code="T-TD-01", name="Lê Lợi – tủ 1", owner=bcm, latitude=11.0540, longitude=106.6711, phases=3)
    services.ensure_cabinet_asset(cab)
    circuit = Circuit.objects.create(cabinet=cab, code="L1", phase="L1", owner=bcm)
    lums = []
    for i, (tech, watts, rtech, rwatts) in enumerate([("led", 100, "hps", 170), ("led", 100, "hps", 170), ("hps", 150, "", None)]):
        pole = Pole.objects.create(code=f"T-CD-{i}", latitude=11.0530 + i * 0.0003, longitude=106.6720 - i * 0.0003,
                                   street="Đường Lê Lợi", owner=bcm)
        lum = Luminaire.objects.create(code=f"T-DEN-{i}", pole=pole, group=group, circuit=circuit, owner=bcm, technology=tech,
                                       rated_power_w=watts, replaced_technology=rtech, replaced_power_w=rwatts,
                                       controller_id=f"t{suffix}-{i}")
        services.ensure_luminaire_asset(lum)
        lums.append(lum)
    dpole = Pole.objects.create(code="T-CD-DT742", latitude=11.0405, longitude=106.7031, street="Đường ĐT 742", owner=dot)
    dlum = Luminaire.objects.create(code="T-DEN-DT742", pole=dpole, owner=dot, technology="led", rated_power_w=150,
                                    controller_id=f"t{suffix}-dot")
    services.ensure_luminaire_asset(dlum)
    return {"group": group, "calendar": cal, "cabinet": cab, "luminaires": lums, "dot_luminaire": dlum, "becamex": bcm, "dot": dot}
