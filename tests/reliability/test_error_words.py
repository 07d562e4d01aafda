"""What users are told about network failures: each fact once, in words."""

from __future__ import annotations

import httpx
import pytest

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.http import transport_error


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (httpx.ReadError("r"), "(the connection was reset)"),
        (httpx.RemoteProtocolError("p"), "(it closed before a complete answer)"),
    ],
)
def test_a_broken_read_is_described_in_words_not_class_names(
    exc: httpx.TransportError, words: str
) -> None:
    said = str(transport_error(exc, Endpoint.LIST_ALL))
    assert said == f"The connection to Cliq broke during list all {words}."
