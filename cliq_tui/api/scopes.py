"""The OAuth scope each endpoint needs, and what to tell a user whose token lacks it.

Zoho answers 401 or 403 ``oauthtoken_scope_invalid`` to a token without the scope an endpoint
needs. Refreshing cannot help (a new access token carries the scopes of the same grant), so the
client names the scope and the fix instead of spending one of the ten tokens per ten minutes.
"""

from __future__ import annotations

from cliq_tui.api.endpoints import Endpoint

SCOPE_CODE = "oauthtoken_scope_invalid"
"""The API code of a token without the scope the endpoint needs."""

SCOPES: dict[Endpoint, str] = {
    Endpoint.LIST_ALL: "ZohoCliq.Messages.READ",
    Endpoint.LIST_CHAT: "ZohoCliq.Messages.READ",
    Endpoint.SEND_NOW: "ZohoCliq.Messages.CREATE",
    Endpoint.RESCHEDULE: "ZohoCliq.Messages.UPDATE",
    Endpoint.DELETE_ALL: "ZohoCliq.Messages.DELETE",
    Endpoint.EDIT: "ZohoCliq.Messages.UPDATE",
    Endpoint.DELETE_ONE: "ZohoCliq.Messages.DELETE",
    Endpoint.LIST_CHATS: "ZohoCliq.Chats.READ",
    Endpoint.CHAT_DETAILS: "ZohoCliq.Chats.READ",
    Endpoint.CREATE: "ZohoCliq.Messages.CREATE",
}

ALL_SCOPES = ",".join(sorted(set(SCOPES.values())))
"""Every scope cliq-tui uses, as the Zoho API console's scope field takes them."""


def is_scope_refusal(status_code: int, code: str | None, message: str | None) -> bool:
    """True when an error answer says the token lacks a scope.

    By its code; or, since ``message`` is the only field every error has, by a 401/403 whose
    message speaks of the scope ("The OAuth token passed does not have the required scope.").
    """
    if code == SCOPE_CODE:
        return True
    return code is None and status_code in (401, 403) and "scope" in (message or "").lower()


def scope_for(endpoint: Endpoint) -> str | None:
    """The scope ``endpoint`` needs (None for an endpoint not in the table)."""
    return SCOPES.get(endpoint)


def missing_scope_sentence(endpoint: Endpoint) -> str:
    """What a user reads when the token lacks the scope of ``endpoint``: the scope and the fix."""
    scope = scope_for(endpoint)
    needs = f"the scope {scope}" if scope else "a scope"
    return (
        f"The sign-in lacks {needs}, which {endpoint.spec.label} needs; a new token would lack it "
        f"too, so none was fetched. Make a new grant code with the scopes {ALL_SCOPES} in the "
        "Zoho API console (Self Client) and run `cliq-tui auth login` again (or use an access "
        "token made with them)."
    )
