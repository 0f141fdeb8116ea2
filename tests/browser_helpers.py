"""Helpers for the browser tests (a real Chromium through Playwright)."""


def open_popup(page, target, popup_selector: str = ".leaflet-popup", tries: int = 4):
    """Click a map feature until its popup shows: Leaflet drops a click that lands while the
    map is still animating its first fit, which a person would simply repeat."""
    popup = page.locator(popup_selector)
    for attempt in range(tries):
        target.click()
        try:
            popup.wait_for(timeout=5000 * (attempt + 1))
            return popup
        except Exception:
            if attempt == tries - 1:
                raise
    return popup


def follow_link(page, link, url: str, tries: int = 3):
    """Click a link (e.g. in a map popup) and wait until the browser is on `url`. A popup whose
    content the page's refresh re-renders between mouse down and up swallows the click; a
    person clicks again, and so does this (the link must still be the one to `url`)."""
    for attempt in range(tries):
        href = link.get_attribute("href")
        assert href and url.endswith(href), (href, url)
        link.click()
        try:
            page.wait_for_url(url, wait_until="commit", timeout=15000)
            page.wait_for_load_state("domcontentloaded")
            return
        except Exception:
            if page.url == url or attempt == tries - 1:
                raise
