"""The spec as the conformance tests read it: each operation's URL, the shapes its answers must
have, and the realities' documented deviations undone before a check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import jsonschema

from cliq_tui.fake import FakeConfig
from cliq_tui.fake.render import V2_CHAT_TYPES
from tests.support.spec_shapes import (
    example_shape,
    examples_of,
    inline_refs,
    json_response,
    load_spec,
    operations,
    shape_problems,
)

# The v2 chat type names back to v3's (the v2-era reality answers with the former).
_V3_CHAT_TYPES = {v2: v3 for v3, v2 in V2_CHAT_TYPES.items()}


def as_documented(response: httpx.Response, config: FakeConfig) -> httpx.Response:
    """``response`` with the reality's documented deviations undone (checked, not ignored)."""
    if not response.content:
        return response
    body = response.json()
    if response.status_code >= 300 and not config.error_codes:
        assert "code" not in body and body["message"]
        body["code"] = "absent_in_this_reality"
    if isinstance(body, dict) and isinstance(body.get("chats"), list):
        if config.chats_paging == "next_token":
            body.pop("next_token", None)
        else:
            assert "next_token" not in body
        for chat in body["chats"]:
            if config.chat_types == "v2":
                chat["chat_type"] = _V3_CHAT_TYPES.get(chat["chat_type"], chat["chat_type"])
    if isinstance(body, dict) and isinstance(body.get("data"), dict) and config.chat_types == "v2":
        chat = body["data"]
        if "chat_type" in chat:
            chat["chat_type"] = _V3_CHAT_TYPES.get(chat["chat_type"], chat["chat_type"])
    return httpx.Response(response.status_code, json=body, headers={})


class Spec:
    """Both spec files, looked up by operationId."""

    config: FakeConfig | None = None

    def __init__(self, spec_dir: Path) -> None:
        self.files = [load_spec(spec_dir, "scheduledmessages"), load_spec(spec_dir, "chats")]
        self.ops = {}
        for root in self.files:
            for op_id, (method, path, operation) in operations(root).items():
                self.ops[op_id] = (method, path, operation, root)
        self.error_schema = self.files[0]["components"]["schemas"]["error-response"]
        # Each operation's examples show only some kinds of item (text or file, time- or
        # status-based), so items are checked against what every item example in the spec shows.
        self.item_ops = set(operations(self.files[0]))
        items = []
        for op_id in self.item_ops:
            media = json_response(self.ops[op_id][2], 200) or {}
            for example in examples_of(media):
                data = example.get("data", [])
                items += data if isinstance(data, list) else [data]
        self.item_shape = example_shape(items)

    def url(self, op_id: str, chat_id: str = "", message_id: str = "") -> tuple[str, str]:
        method, path, _, _ = self.ops[op_id]
        path = path.replace("{CHAT_ID}", chat_id).replace("{SCHEDULED_MESSAGE_ID}", message_id)
        return method, "/api/v3" + path

    def request_examples(self, op_id: str) -> dict[str, dict[str, Any]]:
        _, _, operation, _ = self.ops[op_id]
        media = operation["requestBody"]["content"]["application/json"]
        return {name: entry["value"] for name, entry in media["examples"].items()}

    def item_problems(self, body: dict[str, Any], examples: list[Any]) -> list[str]:
        """Envelope against the operation's examples, each item against every item example."""
        envelopes = [{**ex, "data": [] if isinstance(ex["data"], list) else {}} for ex in examples]
        problems = shape_problems({**body, "data": []}, example_shape(envelopes))
        if isinstance(body["data"], dict):
            problems = shape_problems({**body, "data": {}}, example_shape(envelopes))
        data = body["data"] if isinstance(body["data"], list) else [body["data"]]
        for item in data:
            problems += shape_problems(item, self.item_shape)
        return problems

    def check_request(self, op_id: str, body: dict[str, Any]) -> None:
        _, _, operation, root = self.ops[op_id]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        jsonschema.validate(body, inline_refs(schema, root))

    def check(self, op_id: str, response: httpx.Response) -> Any:
        """Assert ``response`` is what the spec documents for ``op_id``; returns the body."""
        if self.config is not None:
            response = as_documented(response, self.config)
        _, _, operation, root = self.ops[op_id]
        status = response.status_code
        assert str(status) in operation["responses"], f"{op_id}: {status} is not documented"
        if status == 204:
            assert response.content == b""
            return None
        body = response.json()
        media = json_response(operation, status) or {}
        if "schema" in media:
            jsonschema.validate(body, inline_refs(media["schema"], root))
        if status < 300:
            examples = examples_of(media)
            assert examples, f"{op_id}: no examples to compare with"
            if op_id in self.item_ops:
                assert self.item_problems(body, examples) == []
            else:
                assert shape_problems(body, example_shape(examples)) == []
        else:
            jsonschema.validate(body, self.error_schema)
        return body


def send(api: httpx.Client, spec: Spec, op_id: str, *, chat: str = "", msg: str = "", **kw):
    method, url = spec.url(op_id, chat, msg)
    return api.request(method, url, **kw)
