"""Allow-list HTML sanitiser for the articles' rich text (no Django import).

Staff write limited HTML through the editor's toolbar (paragraphs, headings, bold, italic,
lists, quotes, links). Whatever arrives, only the tags and attributes below survive: any
other tag is dropped but its text kept, `script`/`style`/`iframe`... are dropped with their
content, every `on*` handler and `style` attribute goes, and links keep only http(s),
mailto, tel or site-relative targets (no `javascript:`/`data:`). Text and attribute values
are re-escaped, and the output is well formed (every open tag is closed), so a stored body
can be shown as it is. Plain text without any tag is turned into paragraphs.
"""
from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a",
                "code", "pre", "hr", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "sub", "sup"}
VOID_TAGS = {"br", "hr"}
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "textarea",
                     "select", "title", "head"}
ALLOWED_ATTRS = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan", "rowspan"}}
RENAME = {"b": "strong", "i": "em"}
_SAFE_URL = re.compile(r"^(https?://|mailto:|tel:|/(?!/)|#)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str) -> str | None:
    """The link target if it is harmless, else None (javascript:, data:, vbscript:, //host)."""
    cleaned = _CONTROL.sub("", url or "")
    return url.strip() if cleaned and _SAFE_URL.match(cleaned) else None


class _Cleaner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.skip = 0  # depth inside a dropped-with-content element

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag in DROP_WITH_CONTENT:
            self.skip += 1
            return
        if self.skip or tag not in ALLOWED_TAGS:
            return
        tag = RENAME.get(tag, tag)
        if tag in ("li", "p") and self.stack and self.stack[-1] == tag:  # <li>a<li>b: the first ends
            self.out.append(f"</{self.stack.pop()}>")
        kept = []
        for name, value in attrs:
            name = name.lower()
            if name not in ALLOWED_ATTRS.get(tag, set()) or value is None:
                continue
            if name == "href":
                value = safe_url(value)
                if value is None:
                    continue
            if name in ("colspan", "rowspan") and not value.isdigit():
                continue
            kept.append(f' {name}="{escape(value, quote=True)}"')
        if tag == "a" and any(k.startswith(" href=") and '"http' in k for k in kept):
            kept.append(' rel="noopener nofollow"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        tag = RENAME.get(tag.lower(), tag.lower())
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS and self.stack and self.stack[-1] == tag and not self.skip:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag in DROP_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        tag = RENAME.get(tag, tag)
        if tag not in self.stack:
            return
        while self.stack:  # close what was left open inside it
            top = self.stack.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data):
        if not self.skip:
            self.out.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out).strip()


def sanitize(html: str | None) -> str:
    """Safe HTML from any input (see the module docstring)."""
    if not html or not html.strip():
        return ""
    if "<" not in html:
        return paragraphs(html)
    cleaner = _Cleaner()
    cleaner.feed(html)
    return cleaner.result()


def paragraphs(text: str) -> str:
    """Plain text to paragraphs: blank lines separate them, single newlines become <br>."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "".join("<p>" + escape(b, quote=False).replace("\n", "<br>") + "</p>" for b in blocks)


def plain_text(html: str | None) -> str:
    """The words of a body without tags (for search and summaries)."""
    if not html:
        return ""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_WITH_CONTENT:
            self.skip += 1
        elif tag in ("p", "br", "li", "h2", "h3", "h4", "td", "th", "blockquote"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in DROP_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)
