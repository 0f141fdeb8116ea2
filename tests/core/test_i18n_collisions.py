"""Django merges every app's catalogue into one (LOCALE_PATHS first, then apps in
INSTALLED_APPS order), so a message translated differently in two catalogues shows one
wording everywhere and silently loses the other. Same meaning: one wording in every
catalogue; different meaning: a context (msgctxt) in the source and in that app's .po."""
import collections
from pathlib import Path

import polib
from django.template import Context, Template
from django.utils import translation

import smartcity


def _catalogues():
    return sorted(Path(smartcity.__file__).parent.rglob("locale/vi/LC_MESSAGES/django.po"))


def test_no_message_translated_differently_in_two_catalogues():
    root = Path(smartcity.__file__).parent
    seen = collections.defaultdict(dict)
    for po_path in _catalogues():
        for entry in polib.pofile(str(po_path)):
            if entry.msgstr and not entry.obsolete and not entry.msgid_plural:
                seen[(entry.msgctxt, entry.msgid)][str(po_path.relative_to(root))] = entry.msgstr
    collisions = {key: wordings for key, wordings in seen.items() if len(set(wordings.values())) > 1}
    assert len(_catalogues()) > 10  # the project's and the apps' catalogues were all found
    assert collisions == {}, "\n".join(
        f"{ctxt!r} {msgid!r}: " + "; ".join(f"{path} = {text!r}" for path, text in wordings.items())
        for (ctxt, msgid), wordings in sorted(collisions.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])))


def test_contexts_reach_the_merged_catalogue():
    """'Medium' is a severity ('Trung bình') in alerts and an enterprise size class ('Vừa')
    in economy; both wordings live side by side because the size class has a context."""
    from smartcity.alerts.models import Severity
    from smartcity.economy.models import SizeClass

    with translation.override("vi"):
        assert str(SizeClass.MEDIUM.label) == "Vừa"
        assert str(Severity.MEDIUM.label) == "Trung bình"
        rendered = Template(
            '{% load i18n %}{% translate "Medium" context "enterprise size" %}|{% translate "Medium" %}|'
            '{% translate "Operator" context "network operator" %}|{% translate "Operator" %}'
        ).render(Context())
    assert rendered == "Vừa|Trung bình|Nhà mạng|Đơn vị vận hành"
    with translation.override("en"):
        assert str(SizeClass.MEDIUM.label) == "Medium"  # the English text is unchanged
