"""The platform's one text folding (core.text): every module's search relies on it."""
from smartcity.core import text


def test_fold_strips_marks_case_and_spaces():
    assert text.fold("Thủ Dầu Một") == text.fold("THU  DAU MOT") == "thu dau mot"
    assert text.fold("Đường Đồng Khởi") == "duong dong khoi"  # đ is a letter of its own, not d + a mark
    assert text.fold(None) == "" and text.fold("") == ""
    assert text.strip_marks("Bến Cát, Ỷ Lan") == "Ben Cat, Y Lan"  # case and punctuation kept
    assert text.fold_words("Lô B4, KCN Việt Nam – Singapore (VSIP I)") == "lo b4 kcn viet nam singapore vsip i"


def test_matches_every_word_somewhere():
    assert text.matches("giay phep xay dung", "Cấp giấy phép xây dựng", "Sở Xây dựng")
    assert text.matches("xay dung so", "Cấp phép", "Sở Xây dựng")
    assert not text.matches("giay phep lai xe", "Cấp giấy phép xây dựng")
    assert text.matches("", "anything")
