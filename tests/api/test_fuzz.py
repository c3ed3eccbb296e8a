"""schemathesis against a running `zongjie serve` with demo data: no 5xx, every response
conforms to the published OpenAPI schema.

Half of the generated ids, unit codes and period codes are swapped for real ones so the
fuzzer reaches past the 404s into validation, workflow and scoring code.
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from zongjie.testing.live import zongjie_server

# examples per operation and user: ~1 minute in all on 2 cores
MAX_EXAMPLES = {"admin": 25, "xian_shenhe": 10}
SEED = 2026


def _get(url: str, token: str):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _pick(pool: list, value) -> object:
    return pool[hash(str(value)) % len(pool)]


def _run_schemathesis(base: str, token: str, real: dict[str, list], max_examples: int) -> list[str]:
    import hypothesis
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.runner import events, from_schema
    from schemathesis.specs.openapi.checks import response_schema_conformance

    schemathesis.experimental.OPEN_API_3_1.enable()
    schema = schemathesis.from_uri(f"{base}/api/openapi.json", base_url=base)

    def realistic(values: dict | None) -> dict | None:
        if not isinstance(values, dict):
            return values
        out = dict(values)
        for key, pool in (
            ("entry_id", real["ids"]),
            ("code", real["units"]),
            ("unit", real["units"]),
            ("parent", real["units"]),
            ("period", real["periods"]),
            ("category", real["categories"]),
        ):
            if key in out and hash(str(out[key])) % 2 == 0:
                out[key] = _pick(pool, out[key])
        return out

    @schema.hook
    def before_generate_path_parameters(context, strategy):
        return strategy.map(realistic)

    @schema.hook
    def before_generate_query(context, strategy):
        if "/reports/" in context.operation.path:
            # a docx takes seconds to typeset; most report requests ask for Markdown
            return strategy.map(realistic).map(lambda q: {**q, "format": "md"} if hash(str(q)) % 4 else q)
        return strategy.map(realistic)

    @schema.hook
    def before_generate_body(context, strategy):
        return strategy.map(realistic)

    runner = from_schema(
        schema,
        checks=[not_a_server_error, response_schema_conformance],
        headers={"Authorization": f"Bearer {token}"},
        hypothesis_settings=hypothesis.settings(
            max_examples=max_examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        ),
        seed=SEED,
        request_timeout=60_000,  # milliseconds
    )
    problems: list[str] = []
    finished = None
    for event in runner.execute():
        if isinstance(event, events.AfterExecution):
            for check in event.result.checks:
                if check.value.name != "success":
                    problems.append(
                        f"{event.method} {event.path}: {check.name}: {check.message} "
                        f"[{check.response.status_code if check.response else '-'}]"
                    )
            for error in event.result.errors:
                problems.append(f"{event.method} {event.path}: error: {error.exception}")
        elif isinstance(event, events.Finished):
            finished = event
    assert finished is not None
    assert finished.passed_count + finished.failed_count >= 20, finished.total
    return problems


@pytest.mark.slow
def test_api_fuzz_no_5xx_and_schema_conformance(tmp_path):
    with zongjie_server(tmp_path, name="fuzz") as server:
        problems = []
        for username, max_examples in MAX_EXAMPLES.items():
            token = server.token(username)
            real = {
                "ids": [e["id"] for e in _get(f"{server.url}/api/entries?page_size=200", token)["items"]],
                "units": [u["code"] for u in _get(f"{server.url}/api/units", token)["items"]] + ["QH"],
                "periods": [p["code"] for p in _get(f"{server.url}/api/periods", token)],
                "categories": [c["code"] for c in _get(f"{server.url}/api/categories", token)],
            }
            problems += _run_schemathesis(server.url, token, real, max_examples)
        log = (tmp_path / "serve.log").read_text(errors="replace")
    assert problems == []
    assert "Traceback" not in log
