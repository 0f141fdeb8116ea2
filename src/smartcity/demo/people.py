"""Demo users: one per role that a visitor wants to try, with Vietnamese names."""
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model

from smartcity.core.models import Organisation, Role

# username, first name, last name, organisation code, role, staff
DEMO_USERS = [
    ("vptptm.huong", "Hương", "Nguyễn Thị Thanh", "VPTPTM", Role.MANAGER, True),
    ("donre.minh", "Minh", "Trần Văn", "DONRE", Role.EDITOR, True),
    ("dot.nam", "Nam", "Lê Hoàng", "DOT", Role.EDITOR, True),
    ("doha.trang", "Trang", "Phạm Thu", "DOHA", Role.MANAGER, True),
    ("dic.bao", "Bảo", "Võ Quốc", "DIC", Role.EDITOR, False),
    ("bcd.thang", "Thắng", "Hoàng Đức", "BCD", Role.EDITOR, False),
    ("ttpvhcc.ngoclan", "Lan", "Nguyễn Thị Ngọc", "TTPVHCC", Role.EDITOR, True),  # one-stop counter (service centre)
    ("doc.quockhanh", "Khánh", "Phạm Quốc", "DOC", Role.EDITOR, True),  # Department of Construction
    ("biwase.phuc", "Phúc", "Nguyễn Hữu", "BIWASE", Role.MANAGER, False),  # waste collection (the sanitation demo makes the org)
    ("dpi.thao", "Thảo", "Lê Phương", "DPI", Role.EDITOR, True),  # Department of Planning and Investment
    ("dost.khoa", "Khoa", "Nguyễn Đăng", "DOST", Role.EDITOR, True),  # Department of Science and Technology
    ("doet.hanh", "Hạnh", "Trần Mỹ", "DOET", Role.EDITOR, True),  # Department of Education and Training
    ("tdmu.long", "Long", "Huỳnh Thành", "TDMU", Role.EDITOR, False),  # Thu Dau Mot University (labs, research)
    ("tthtkn.vy", "Vy", "Đặng Tường", "TTHTKN", Role.EDITOR, True),  # Startup Support Centre (the innovation demo makes the org)
    ("thphuhoa1.tuyet", "Tuyết", "Nguyễn Thị Ánh", "DOET", Role.VIEWER, False),  # a school's staff (schools demo links the school)
]


def demo_password() -> str:
    """One random password for the demo accounts, made once per installation (never in the repo)."""
    path = settings.VAR_DIR / "demo_password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


# (username, password hash) already checked by this process: the demo calls
# ensure_demo_users before and after its loaders, and each check costs a password hash
_CHECKED: set[tuple[str, str]] = set()


def _password_ok(user, password) -> bool:
    key = (user.username, user.password)
    if key in _CHECKED:
        return True
    ok = user.check_password(password)
    if ok:
        _CHECKED.add(key)
    return ok


def ensure_demo_users() -> list[tuple[str, str, str]]:
    User = get_user_model()
    password = demo_password()
    logins = []
    admin, created = User.objects.get_or_create(username="admin", defaults=dict(is_staff=True, is_superuser=True, first_name="Quản trị", last_name="hệ thống"))
    if created or not _password_ok(admin, password):
        admin.set_password(password)
        admin.save()
    logins.append(("admin", password, "superuser"))
    for username, first, last, org_code, role, staff in DEMO_USERS:
        org = Organisation.objects.filter(code=org_code).first()
        if org is None:  # an organisation a module's demo creates (the one-stop service centre) and did not
            continue
        user, created = User.objects.get_or_create(
            username=username, defaults=dict(first_name=first, last_name=last, organisation=org, role=role, is_staff=staff,
                                             email=f"{username}@binhduong.gov.vn"),
        )
        changed = created or not _password_ok(user, password)
        if changed:
            user.set_password(password)
        if (user.organisation_id, user.role) != (org.pk, role):  # the roles the demo promises, even on an older install
            user.organisation, user.role, changed = org, role, True
        if changed:
            user.save()
        logins.append((username, password, f"{org.abbreviation or org.code} · {role}"))
    return logins
