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
