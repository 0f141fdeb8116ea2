"""Fault types read as words: TALQ failure names and toilet faults get their translated
label on the pages; an unknown code (a rule's own name) is shown as it is."""
from django.template import Context, Template
from django.utils import translation


def _render(code, lang):
    with translation.override(lang):
        return Template("{% load maintenance_tags %}{{ c|fault_label }}").render(Context({"c": code}))


def test_known_faults_are_translated_and_others_kept():
    assert _render("lampFailure", "vi") == "Hỏng bóng đèn"
    assert _render("lampFailure", "en") == "Lamp failure"
    assert _render("lampUnexpectedOn", "vi") == "Đèn sáng ban ngày"
    assert _render("flush", "vi") == "Lỗi xả nước"
    assert _render("Tràn nước hố ga", "vi") == "Tràn nước hố ga"
    assert _render(None, "vi") == ""
