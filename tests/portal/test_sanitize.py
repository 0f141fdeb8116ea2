"""The rich-text allow-list: scripts, handlers, styles and dangerous links never survive."""
from smartcity.portal.sanitize import plain_text, safe_url, sanitize


def test_scripts_and_handlers_are_removed():
    dirty = ('<p onclick="steal()" style="color:red">Xin <b>chào</b><script>alert(document.cookie)</script></p>'
             '<img src=x onerror="alert(1)"><iframe src="https://evil.example"></iframe><svg onload="x()"><a>y</a></svg>')
    clean = sanitize(dirty)
    assert clean == "<p>Xin <strong>chào</strong></p>"
    for bad in ("script", "onclick", "onerror", "style", "iframe", "img", "svg", "alert"):
        assert bad not in clean


def test_links_keep_only_safe_targets():
    html = sanitize('<a href="javascript:alert(1)">a</a><a href=" java\tscript:alert(1)">b</a>'
                    '<a href="data:text/html,x">c</a><a href="https://binhduong.gov.vn" target="_blank">d</a>'
                    '<a href="/portal/">e</a><a href="//evil.example/">f</a>')
    assert html == ('<a>a</a><a>b</a><a>c</a><a href="https://binhduong.gov.vn" rel="noopener nofollow">d</a>'
                    '<a href="/portal/">e</a><a>f</a>')
    assert safe_url("mailto:stttt@binhduong.gov.vn") and not safe_url("vbscript:x")


def test_structure_is_well_formed_and_text_escaped():
    assert sanitize("<ul><li>một<li>hai</ul><h2>Tiêu đề") == "<ul><li>một</li><li>hai</li></ul><h2>Tiêu đề</h2>"
    assert sanitize("<p>1 &lt; 2 &amp; <em>3</em></p>") == "<p>1 &lt; 2 &amp; <em>3</em></p>"
    assert sanitize("Dòng một\nDòng hai\n\nĐoạn 1 & 2") == "<p>Dòng một<br>Dòng hai</p><p>Đoạn 1 &amp; 2</p>"
    assert plain_text("<p>Thành phố</p><p>thông <b>minh</b></p><script>x()</script>") == "Thành phố thông minh"
