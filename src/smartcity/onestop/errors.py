"""One error type for the one-stop services: a machine-readable code and a human reason,
turned into a 400 body by the API and a form error by the pages."""


class OneStopError(Exception):
    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field

    def as_dict(self) -> dict:
        body = {"code": self.code, "detail": self.message}
        if self.field:
            body["field"] = self.field
        return body
