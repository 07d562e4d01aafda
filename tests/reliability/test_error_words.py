"""What users are told about network failures: each fact once, in words."""

from __future__ import annotations

import httpx
import pytest

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import APIConnectionError, OutcomeUnknownError
from cliq_tui.api.http import transport_error
from cliq_tui.core.error_words import report_for


@pytest.mark.parametrize(
    "exc", [httpx.ReadTimeout("t"), httpx.ReadError("r"), httpx.RemoteProtocolError("p")]
)
def test_an_unknown_outcome_says_it_was_not_repeated_once(exc: httpx.TransportError) -> None:
    error = transport_error(exc, Endpoint.SEND_NOW)
    assert isinstance(error, OutcomeUnknownError)

    said = report_for(error).message

    assert said.lower().count("not repeated") == 1
    assert "may or may not have happened" in said


def test_a_change_that_was_never_sent_says_so_once() -> None:
    error = transport_error(httpx.ConnectError("refused"), Endpoint.EDIT)

    said = report_for(error).message

    assert said == "Could not connect to Cliq (edit); nothing was sent."


def test_other_connection_errors_still_say_nothing_changed() -> None:
    said = report_for(APIConnectionError("Cliq cannot be reached.")).message
    assert said == "Cliq cannot be reached. Nothing was changed."


def test_an_unknown_outcome_of_another_origin_still_gets_the_reassurance() -> None:
    said = report_for(OutcomeUnknownError("No answer to the send.")).message
    assert said.endswith("It was not repeated; the next sync shows whether it happened.")


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
