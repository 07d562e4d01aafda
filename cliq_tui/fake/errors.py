"""The error a fake API handler raises: turned into ``{"message", "code"}`` with its status."""

from __future__ import annotations


class ApiError(Exception):
    """An API refusal: HTTP ``status`` with body ``{"message": message, "code": code}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message

    def body(self, *, with_code: bool = True) -> dict[str, str]:
        """The documented error body (without ``code`` when ``with_code`` is False)."""
        if not with_code:
            return {"message": self.message}
        return {"message": self.message, "code": self.code}


def bad_request(code: str, message: str) -> ApiError:
    """A 400 with ``code``."""
    return ApiError(400, code, message)


def not_found(code: str, message: str) -> ApiError:
    """A 404 with ``code``."""
    return ApiError(404, code, message)
