"""Demo: the seed catalogue of procedures (services.catalogue.load_catalogue, idempotent)."""


def load() -> dict:
    from smartcity.onestop.services.catalogue import load_catalogue

    return load_catalogue()
