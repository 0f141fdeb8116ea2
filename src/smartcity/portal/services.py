"""Writes of the website: articles and their images, under the platform's one permission
rule (`core.permissions.can_change` on the Department of Information and Communications,
which runs the website: its editors, the Smart City Office's editors and superusers)."""
from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.core.files import sniff
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change
from smartcity.portal.models import Article, ArticleImage
from smartcity.portal.sanitize import plain_text, sanitize
from smartcity.core.text import fold

DEPARTMENT = "DIC"  # core.reference: Sở Thông tin và Truyền thông
THUMB_SIZE = (640, 360)
MAX_IMAGE_BYTES = 10 * 1024 * 1024


def department() -> Organisation:
    return Organisation.objects.get(code=DEPARTMENT)


def can_edit(user) -> bool:
    """May this user write the website's news?"""
    if not getattr(user, "is_authenticated", False):
        return False
    org = Organisation.objects.filter(code=DEPARTMENT).first()
    return org is not None and can_change(user, org)


def require_edit(user) -> None:
    if not can_edit(user):
        raise PermissionDenied(_("Only the Department of Information and Communications edits the website."))


def search_text(article: Article) -> str:
    return fold(" ".join([article.title_vi, article.title_en, article.summary_vi, article.summary_en,
                          plain_text(article.body_vi), plain_text(article.body_en),
                          article.category.name_vi if article.category_id else "",
                          article.category.name_en if article.category_id else ""]))


@transaction.atomic
def save_article(article: Article, user=None, *, check: bool = True) -> Article:
    """Sanitise the bodies, fold the search text and save (history keeps every version)."""
    if check:
        require_edit(user)
    if not article.owner_id:
        article.owner = department()
    if article.author_id is None and getattr(user, "is_authenticated", False):
        article.author = user
    article.body_vi = sanitize(article.body_vi)
    article.body_en = sanitize(article.body_en)
    article.summary_vi = article.summary_vi.strip()
    article.summary_en = article.summary_en.strip()
    article.publish_at = article.publish_at or timezone.now()
    article.search_text = search_text(article)
    article.save()
    return article


def clean_image(filename: str, data: bytes) -> tuple[bytes, bytes, str, int, int]:
    """A checked upload re-encoded from its pixels (maintenance.clean_photo: no EXIF, GPS,
    XMP; orientation applied; longest side 2560 px) and a JPEG thumbnail."""
    from PIL import Image, ImageOps

    from smartcity.maintenance.services import clean_photo

    ctype, reason = sniff(filename, data[:512], len(data), max_size=MAX_IMAGE_BYTES, allowed=("jpg", "jpeg", "png"))
    if reason:
        messages = {"empty": _("The image file is empty."), "too_large": _("The image is larger than 10 MB."),
                    "type_not_allowed": _("Only JPEG or PNG images are accepted."),
                    "content_mismatch": _("The file's content is not a JPEG or PNG image.")}
        raise ValidationError(messages[reason], code=reason)
    clean, ctype, width, height = clean_photo(data)
    with Image.open(io.BytesIO(clean)) as img:
        thumb = ImageOps.fit(img.convert("RGB"), THUMB_SIZE)
        out = io.BytesIO()
        thumb.save(out, "JPEG", quality=80, optimize=True)
    return clean, out.getvalue(), ctype, width, height


@transaction.atomic
def add_image(article: Article, user, filename: str, data: bytes, alt_vi: str, alt_en: str = "", *,
              check: bool = True) -> ArticleImage:
    if check:
        require_edit(user)
    clean, thumb, ctype, width, height = clean_image(filename, data)
    position = article.images.count()
    image = ArticleImage.objects.create(article=article, position=position, alt_vi=alt_vi.strip() or article.title_vi,
                                        alt_en=alt_en.strip(), content_type=ctype, data=clean, thumb=thumb,
                                        width=width, height=height)
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())  # pages showing it are stale
    return image
