"""SIPAS questionnaires and the satisfaction index (pure: no Django).

SIPAS is the Ministry of Home Affairs' Satisfaction Index of Public Administrative Services
(scheme 2640/QĐ-BNV of 2017; method for 2023-2026 in Decision 1001/QĐ-BNV of 11/12/2023).
It measures five elements: (1) access to the service, (2) the administrative procedure,
(3) the civil servant who handled it, (4) the result, (5) receiving and handling feedback.
For each element the citizen gives an assessment of facts, their satisfaction and their
expectations.

The exact questionnaire, scale and formula of Decision 1001/QĐ-BNV were NOT available to us.
The wording below is ours (Vietnamese with English), and the index is the long-standing
reporting form: per element, the share of "satisfied" + "very satisfied" among the answers
to that element's satisfaction question; overall, the same share pooled over the answers to
the five satisfaction questions. Raw answers are stored as given, so a later, exact formula
can be added as a new version without losing anything.

Versioning: every stored response names its questionnaire version, and `index()` computes
it with the function registered for that version (`INDEX_FUNCTIONS`), never with a newer one.
Results of different versions are pooled by `combine()` from their counts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

TARGET = 0.80  # Binh Duong's target under Resolution 30c/NQ-CP: more than 80 % satisfied (by 2020)

ELEMENTS = {  # number -> (key, Vietnamese, English)
    1: ("access", "Tiếp cận dịch vụ", "Access to the service"),
    2: ("procedure", "Thủ tục hành chính", "The administrative procedure"),
    3: ("civil_servant", "Công chức trực tiếp giải quyết công việc", "The civil servant who handled it"),
    4: ("result", "Kết quả giải quyết thủ tục hành chính", "The result"),
    5: ("feedback", "Tiếp nhận, xử lý ý kiến góp ý, phản ánh, kiến nghị", "Receiving and handling feedback and petitions"),
}


@dataclass(frozen=True)
class Option:
    value: object
    vi: str
    en: str


@dataclass(frozen=True)
class Question:
    """kind: "choice" (one option), "scale" (the satisfaction scale), "number" (an integer
    between min and max), "multi" (up to max_choices options). role: "fact",
    "satisfaction" or "expectation"."""

    key: str
    element: int
    role: str
    kind: str
    vi: str
    en: str
    options: tuple = ()
    required: bool = True
    min: int | None = None
    max: int | None = None
    max_choices: int | None = None

    def values(self) -> list:
        return [o.value for o in self.options]

    def label(self, value, lang: str = "vi") -> str:
        for o in self.options:
            if o.value == value:
                return o.en if lang.startswith("en") else o.vi
        return str(value)


@dataclass(frozen=True)
class Questionnaire:
    version: str
    valid_from: dt.date
    title_vi: str
    title_en: str
    scale: tuple  # of Option, worst first
    satisfied: frozenset  # scale values counted as satisfied
    questions: tuple = field(default=())
    note_en: str = ""

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def element_questions(self, element: int) -> list[Question]:
        return [q for q in self.questions if q.element == element]

    def satisfaction_key(self, element: int) -> str:
        return next(q.key for q in self.questions if q.element == element and q.role == "satisfaction")

    def expectation_key(self, element: int) -> str | None:
        return next((q.key for q in self.questions if q.element == element and q.role == "expectation"), None)


def _o(*triples) -> tuple:
    return tuple(Option(v, vi, en) for v, vi, en in triples)


YES_NO = _o(("yes", "Có", "Yes"), ("no", "Không", "No"))
YES_NO_DK = YES_NO + _o(("dont_know", "Không biết", "I don't know"))

SCALE_5 = _o(
    (1, "Rất không hài lòng", "Very dissatisfied"),
    (2, "Không hài lòng", "Dissatisfied"),
    (3, "Bình thường", "Neither satisfied nor dissatisfied"),
    (4, "Hài lòng", "Satisfied"),
    (5, "Rất hài lòng", "Very satisfied"),
)
SCALE_3 = _o(
    (1, "Không hài lòng", "Not satisfied"),
    (2, "Chấp nhận được", "Acceptable"),
    (3, "Hài lòng", "Satisfied"),
)


def _q(key, element, role, kind, vi, en, options=(), **kw) -> Question:
    return Question(key=key, element=element, role=role, kind=kind, vi=vi, en=en, options=options, **kw)


def _satisfaction(element: int, scale, what_vi: str, what_en: str, required: bool = True) -> Question:
    return _q(f"e{element}_satisfaction", element, "satisfaction", "scale",
              f"Ông/Bà hài lòng thế nào về {what_vi}?", f"How satisfied are you with {what_en}?", scale, required=required)


def _expect(element: int, options, max_choices: int = 3) -> Question:
    return _q(f"e{element}_expect", element, "expectation", "multi",
              f"Ông/Bà mong muốn cơ quan cải thiện điều gì (chọn tối đa {max_choices})?",
              f"What would you like the agency to improve (choose up to {max_choices})?",
              options, required=False, max_choices=max_choices)


SIPAS_2024 = Questionnaire(
    version="sipas-2024.1", valid_from=dt.date(2024, 1, 1),
    title_vi="Phiếu khảo sát sự hài lòng về sự phục vụ hành chính",
    title_en="Survey of satisfaction with the public administrative service",
    scale=SCALE_5, satisfied=frozenset({4, 5}),
    note_en="Five-point scale; satisfied = 'satisfied' or 'very satisfied'. Wording by the platform, "
            "not the Ministry's official questionnaire (Decision 1001/QĐ-BNV was not available).",
    questions=(
        # 1. access to the service
        _q("e1_trips", 1, "fact", "number",
           "Ông/Bà đã phải đi lại cơ quan bao nhiêu lần cho hồ sơ này (nộp, bổ sung, nhận kết quả)?",
           "How many times did you have to go to the agency for this dossier (to submit, complete it and collect the result)?",
           min=0, max=20),
        _q("e1_info_source", 1, "fact", "choice",
           "Ông/Bà biết thông tin về thủ tục này từ đâu?", "Where did you learn about this procedure?",
           _o(("board", "Bảng niêm yết tại bộ phận một cửa", "The notice board at the one-stop counter"),
              ("portal", "Cổng dịch vụ công trực tuyến", "The online public service portal"),
              ("staff", "Công chức hướng dẫn", "A civil servant told me"),
              ("other", "Nguồn khác (người quen, báo chí...)", "Elsewhere (friends, the press...)"))),
        _q("e1_facilities", 1, "fact", "choice",
           "Nơi tiếp nhận có đủ chỗ ngồi, biểu mẫu và trang thiết bị (máy lấy số, máy tra cứu) không?",
           "Did the reception area have enough seats, forms and equipment (queue tickets, lookup terminals)?", YES_NO),
        _satisfaction(1, SCALE_5, "việc tiếp cận dịch vụ (thông tin, địa điểm, giờ làm việc, trang thiết bị)",
                      "access to the service (information, place, opening hours, equipment)"),
        _expect(1, _o(("online", "Thêm dịch vụ công trực tuyến", "More services online"),
                      ("hours", "Kéo dài giờ tiếp nhận", "Longer opening hours"),
                      ("facilities", "Cải thiện chỗ ngồi, trang thiết bị", "Better seats and equipment"),
                      ("signs", "Niêm yết, chỉ dẫn rõ ràng hơn", "Clearer notices and signs"),
                      ("queue", "Giảm thời gian chờ đợi", "Shorter waiting"))),
        # 2. the administrative procedure
        _q("e2_posted", 2, "fact", "choice",
           "Thủ tục (thành phần hồ sơ, phí, lệ phí, thời hạn) có được niêm yết công khai, đầy đủ không?",
           "Was the procedure (documents, fees, time limit) publicly and fully posted?", YES_NO_DK),
        _q("e2_extra_documents", 2, "fact", "choice",
           "Ông/Bà có bị yêu cầu nộp giấy tờ ngoài danh mục đã niêm yết không?",
           "Were you asked for documents beyond the published list?", YES_NO),
        _q("e2_fees_as_posted", 2, "fact", "choice",
           "Phí, lệ phí Ông/Bà đã nộp có đúng mức niêm yết không?", "Were the fees you paid the published amounts?",
           YES_NO + _o(("no_fee", "Thủ tục không thu phí", "The procedure has no fee"))),
        _satisfaction(2, SCALE_5, "thủ tục hành chính (thành phần hồ sơ, biểu mẫu, phí, thời hạn)",
                      "the procedure itself (documents, forms, fees, time limit)"),
        _expect(2, _o(("fewer_documents", "Giảm thành phần hồ sơ", "Fewer documents"),
                      ("simpler_forms", "Biểu mẫu đơn giản, dễ điền", "Simpler forms"),
                      ("lower_fees", "Giảm phí, lệ phí", "Lower fees"),
                      ("shorter_time", "Rút ngắn thời hạn giải quyết", "A shorter time limit"),
                      ("more_online", "Thực hiện trực tuyến nhiều bước hơn", "More steps online"))),
        # 3. the civil servant
        _q("e3_courteous", 3, "fact", "choice",
           "Công chức có lịch sự, tôn trọng Ông/Bà không?", "Was the civil servant polite and respectful?", YES_NO),
        _q("e3_guidance", 3, "fact", "choice",
           "Công chức có hướng dẫn đầy đủ, rõ ràng một lần để Ông/Bà hoàn thiện hồ sơ không?",
           "Did the civil servant explain everything clearly, once, so you could complete the dossier?", YES_NO),
        _q("e3_extra_money", 3, "fact", "choice",
           "Ông/Bà có bị gợi ý hoặc yêu cầu nộp thêm tiền, quà ngoài phí, lệ phí quy định không?",
           "Were you asked or nudged to pay money or give gifts beyond the official fees?", YES_NO),
        _satisfaction(3, SCALE_5, "công chức trực tiếp tiếp nhận và giải quyết hồ sơ", "the civil servant who handled your dossier"),
        _expect(3, _o(("courtesy", "Thái độ lịch sự, thân thiện hơn", "More courtesy"),
                      ("guidance", "Hướng dẫn rõ ràng, đầy đủ hơn", "Clearer, complete guidance"),
                      ("competence", "Nâng cao năng lực chuyên môn", "More competence"),
                      ("integrity", "Không gây phiền hà, sách nhiễu", "No harassment or requests for money"))),
        # 4. the result
        _q("e4_on_time", 4, "fact", "choice",
           "Ông/Bà nhận kết quả so với ngày hẹn trên giấy tiếp nhận như thế nào?",
           "When did you receive the result, compared with the appointment on your receipt?",
           _o(("early", "Sớm hơn ngày hẹn", "Before the appointment"),
              ("on_time", "Đúng ngày hẹn", "On the appointed day"),
              ("late", "Trễ hẹn", "Late"))),
        _q("e4_apology", 4, "fact", "choice",
           "Nếu trễ hẹn, cơ quan có gửi văn bản xin lỗi và hẹn lại ngày trả kết quả không?",
           "If it was late, did the agency apologise in writing and give you a new appointment?",
           YES_NO + _o(("not_late", "Không trễ hẹn", "It was not late"))),
        _q("e4_correct", 4, "fact", "choice",
           "Kết quả có đúng và đầy đủ thông tin (họ tên, số liệu...) không?",
           "Was the result correct and complete (names, figures...)?", YES_NO),
        _satisfaction(4, SCALE_5, "kết quả giải quyết thủ tục hành chính", "the result you received"),
        _expect(4, _o(("on_time", "Trả kết quả đúng hẹn", "Results on time"),
                      ("correct", "Kết quả chính xác, không sai sót", "Correct results"),
                      ("delivery", "Trả kết quả qua bưu điện hoặc trực tuyến", "Results by post or online"),
                      ("notify", "Thông báo khi có kết quả", "Notice when the result is ready"))),
        # 5. feedback and petitions
        _q("e5_channels_posted", 5, "fact", "choice",
           "Cơ quan có công khai cách góp ý, phản ánh (hòm thư, đường dây nóng, cổng thông tin) không?",
           "Did the agency publish how to give feedback (box, hotline, portal)?", YES_NO_DK),
        _q("e5_gave_feedback", 5, "fact", "choice",
           "Ông/Bà có góp ý, phản ánh, kiến nghị về hồ sơ này không?",
           "Did you give feedback, complain or petition about this dossier?", YES_NO),
        _q("e5_handled", 5, "fact", "choice",
           "Nếu có, ý kiến của Ông/Bà có được tiếp nhận và trả lời kịp thời không?",
           "If you did, was it received and answered in time?",
           YES_NO + _o(("not_applicable", "Không góp ý", "I gave none"))),
        _satisfaction(5, SCALE_5, "việc tiếp nhận, xử lý ý kiến góp ý, phản ánh, kiến nghị",
                      "how the agency receives and handles feedback", required=False),
        _expect(5, _o(("publish_channels", "Công khai rõ cách góp ý", "Publish the ways to give feedback"),
                      ("answer_faster", "Trả lời nhanh hơn", "Answer faster"),
                      ("report_outcome", "Thông báo kết quả xử lý", "Tell me the outcome"),
                      ("protect_identity", "Bảo mật thông tin người góp ý", "Protect the identity of those who complain"))),
    ),
)

# An earlier questionnaire of this platform (three-point scale, one fact per element), kept so
# that answers given under it are still computed by its own function.
SIPAS_2017 = Questionnaire(
    version="sipas-2017.1", valid_from=dt.date(2017, 10, 1),
    title_vi="Phiếu khảo sát sự hài lòng (mẫu cũ, thang 3 mức)",
    title_en="Satisfaction survey (earlier form, three-point scale)",
    scale=SCALE_3, satisfied=frozenset({3}),
    note_en="Three-point scale; satisfied = 'satisfied' only (the scale has no 'very satisfied').",
    questions=(
        _q("e1_trips", 1, "fact", "number", "Số lần đi lại cơ quan cho hồ sơ này", "Trips to the agency for this dossier", min=0, max=20),
        _satisfaction(1, SCALE_3, "việc tiếp cận dịch vụ", "access to the service"),
        _q("e1_expect", 1, "expectation", "choice", "Cần cải thiện nhất", "Most needs improving",
           _o(("online", "Dịch vụ trực tuyến", "Online services"), ("facilities", "Trang thiết bị", "Equipment")), required=False),
        _q("e2_extra_documents", 2, "fact", "choice", "Có bị yêu cầu giấy tờ ngoài quy định?", "Asked for documents beyond the list?", YES_NO),
        _satisfaction(2, SCALE_3, "thủ tục hành chính", "the procedure"),
        _q("e3_extra_money", 3, "fact", "choice", "Có bị yêu cầu nộp thêm tiền?", "Asked for extra money?", YES_NO),
        _satisfaction(3, SCALE_3, "công chức giải quyết", "the civil servant"),
        _q("e4_on_time", 4, "fact", "choice", "Có nhận kết quả đúng hẹn?", "Was the result on time?", YES_NO),
        _satisfaction(4, SCALE_3, "kết quả giải quyết", "the result"),
        _satisfaction(5, SCALE_3, "việc tiếp nhận, xử lý phản ánh", "the handling of feedback", required=False),
    ),
)

QUESTIONNAIRES: dict[str, Questionnaire] = {q.version: q for q in (SIPAS_2017, SIPAS_2024)}
CURRENT = SIPAS_2024.version


def version_on(day: dt.date) -> str:
    """The questionnaire in force on `day` (the newest whose valid_from is not after it)."""
    candidates = [q for q in QUESTIONNAIRES.values() if q.valid_from <= day]
    return max(candidates, key=lambda q: q.valid_from).version if candidates else min(
        QUESTIONNAIRES.values(), key=lambda q: q.valid_from).version


# -- validation ------------------------------------------------------------------------------
def validate(version: str, answers: dict) -> tuple[dict, list[tuple[str, str]]]:
    """(clean answers, problems). A problem is (code, question key); codes: unknown_question,
    required, invalid_choice, not_a_number, out_of_range, too_many_choices. Values are
    coerced (e.g. "4" -> 4 for the scale) so that raw answers are stored in one form."""
    qn = QUESTIONNAIRES[version]
    clean, problems = {}, []
    if not isinstance(answers, dict):
        return {}, [("invalid_answers", "")]
    for key in answers:
        if qn.question(key) is None:
            problems.append(("unknown_question", key))
    for q in qn.questions:
        raw = answers.get(q.key)
        empty = raw is None or raw == "" or raw == [] or (isinstance(raw, (list, tuple)) and all(v in ("", None) for v in raw))
        if empty:
            if q.required:
                problems.append(("required", q.key))
            continue
        if q.kind == "number":
            try:
                value = int(str(raw).strip()) if not isinstance(raw, bool) else None
            except ValueError:
                value = None
            if value is None:
                problems.append(("not_a_number", q.key))
            elif (q.min is not None and value < q.min) or (q.max is not None and value > q.max):
                problems.append(("out_of_range", q.key))
            else:
                clean[q.key] = value
        elif q.kind == "multi":
            values = raw if isinstance(raw, (list, tuple)) else [raw]
            values = [v for v in values if v not in ("", None)]
            if any(v not in q.values() for v in values):
                problems.append(("invalid_choice", q.key))
            elif q.max_choices and len(set(values)) > q.max_choices:
                problems.append(("too_many_choices", q.key))
            else:
                clean[q.key] = [v for v in q.values() if v in values]  # questionnaire order, no duplicates
        else:
            value = _coerce(raw, q.values())
            if value is None:
                problems.append(("invalid_choice", q.key))
            else:
                clean[q.key] = value
    return clean, problems


def _coerce(raw, allowed: list):
    """The allowed value `raw` stands for (forms send "4" for 4), or None."""
    if isinstance(raw, bool):
        return None
    for value in allowed:
        if raw == value or (isinstance(value, int) and isinstance(raw, str) and raw.strip() == str(value)):
            return value
    return None


# -- the index ---------------------------------------------------------------------------------
INDEX_FUNCTIONS: dict = {}


def index_function(version: str):
    """Registers the index function of one questionnaire version."""
    def register(fn):
        INDEX_FUNCTIONS[version] = fn
        return fn
    return register


def _answers(response: dict) -> dict:
    """A response is its answers dict, or {"answers": {...}, "questionnaire": version}."""
    return response["answers"] if isinstance(response.get("answers"), dict) else response


def _share_index(responses: list[dict], qn: Questionnaire) -> dict:
    """Share of satisfied answers per element and pooled, with counts, the distribution of
    the scale, the expectations tally and the tally of fact questions."""
    elements, expectations, facts = {}, {}, {}
    for n, (key, vi, en) in ELEMENTS.items():
        skey = qn.satisfaction_key(n)
        distribution = {o.value: 0 for o in qn.scale}
        for r in responses:
            value = _answers(r).get(skey)
            if value in distribution:
                distribution[value] += 1
        answered = sum(distribution.values())
        satisfied = sum(c for v, c in distribution.items() if v in qn.satisfied)
        elements[n] = {"key": key, "name_vi": vi, "name_en": en, "answered": answered, "satisfied": satisfied,
                       "share": satisfied / answered if answered else None, "distribution": distribution}
        ekey = qn.expectation_key(n)
        if ekey:
            q = qn.question(ekey)
            tally = {v: 0 for v in q.values()}
            for r in responses:
                picked = _answers(r).get(ekey) or []
                for v in (picked if isinstance(picked, list) else [picked]):
                    if v in tally:
                        tally[v] += 1
            expectations[n] = tally
        for q in qn.element_questions(n):
            if q.role != "fact":
                continue
            values = [_answers(r)[q.key] for r in responses if _answers(r).get(q.key) is not None]
            if q.kind == "number":
                facts[q.key] = {"answered": len(values), "mean": sum(values) / len(values) if values else None,
                                "max": max(values) if values else None}
            else:
                facts[q.key] = {"answered": len(values), "tally": {v: values.count(v) for v in q.values()}}
    answered = sum(e["answered"] for e in elements.values())
    satisfied = sum(e["satisfied"] for e in elements.values())
    shares = [e["share"] for e in elements.values() if e["share"] is not None]
    return {
        "version": qn.version, "responses": len(responses), "elements": elements,
        "overall": {"answered": answered, "satisfied": satisfied, "share": satisfied / answered if answered else None,
                    "mean_of_elements": sum(shares) / len(shares) if shares else None},
        "expectations": expectations, "facts": facts,
    }


@index_function("sipas-2024.1")
def index_2024_1(responses: list[dict]) -> dict:
    """Five-point scale: satisfied = 4 (satisfied) or 5 (very satisfied)."""
    return _share_index(responses, SIPAS_2024)


@index_function("sipas-2017.1")
def index_2017_1(responses: list[dict]) -> dict:
    """Three-point scale: satisfied = 3 only."""
    return _share_index(responses, SIPAS_2017)


def index(responses: list[dict], version: str) -> dict:
    """The index of responses all given under `version`, by that version's own function.
    A response that names another questionnaire is refused (ValueError): mixing versions
    goes through `combine()`."""
    if version not in INDEX_FUNCTIONS:
        raise KeyError(f"no index function for questionnaire {version!r}")
    for r in responses:
        named = r.get("questionnaire") if isinstance(r.get("answers"), dict) else None
        if named and named != version:
            raise ValueError(f"a response of {named} cannot be computed as {version}")
    return INDEX_FUNCTIONS[version](responses)


def index_mixed(responses: list[dict]) -> dict:
    """Responses of several versions (each a dict with "questionnaire" and "answers"): each
    group by its own version's function, then pooled by `combine()`."""
    groups: dict[str, list] = {}
    for r in responses:
        groups.setdefault(r["questionnaire"], []).append(r)
    return combine([index(rs, v) for v, rs in sorted(groups.items())])


def combine(results: list[dict]) -> dict:
    """Pools index results (of any versions) by adding their counts: per element, answered
    and satisfied; overall the pooled share. Each answer stays judged by its own version's
    rule of what 'satisfied' means. Expectations are added option by option."""
    elements, expectations = {}, {}
    for n, (key, vi, en) in ELEMENTS.items():
        answered = sum(r["elements"][n]["answered"] for r in results)
        satisfied = sum(r["elements"][n]["satisfied"] for r in results)
        elements[n] = {"key": key, "name_vi": vi, "name_en": en, "answered": answered, "satisfied": satisfied,
                       "share": satisfied / answered if answered else None}
        tally: dict = {}
        for r in results:
            for option, count in r["expectations"].get(n, {}).items():
                tally[option] = tally.get(option, 0) + count
        if tally:
            expectations[n] = tally
    answered = sum(e["answered"] for e in elements.values())
    satisfied = sum(e["satisfied"] for e in elements.values())
    shares = [e["share"] for e in elements.values() if e["share"] is not None]
    return {
        "versions": sorted({r["version"] for r in results if r["responses"]}),
        "responses": sum(r["responses"] for r in results), "elements": elements,
        "overall": {"answered": answered, "satisfied": satisfied, "share": satisfied / answered if answered else None,
                    "mean_of_elements": sum(shares) / len(shares) if shares else None},
        "expectations": expectations,
    }


def below_target(share: float | None, target: float = TARGET) -> bool:
    """Below the province's target (an empty group is not 'below', it has no index)."""
    return share is not None and share < target
