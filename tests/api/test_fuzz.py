"""schemathesis against a running `zongjie serve` with demo data: no 5xx, every response
conforms to the published OpenAPI schema.

Half of the generated ids, unit codes and period codes are swapped for real ones so the
fuzzer reaches past the 404s into validation, workflow and scoring code; a sixth of the
generated strings (path, query, body) get a NUL or a character outside the BMP (𝄞, 😀),
which PostgreSQL and UTF-16-minded code handle differently. The run is random (its seed is
printed on failure) and runs on SQLite and on PostgreSQL (`make test` runs it on both).
"""

from __future__ import annotations

import base64
import json
import random
import urllib.request

import pytest

from zongjie.testing.live import zongjie_server

# examples per operation and user: ~1–2 minutes per database on 2 cores
MAX_EXAMPLES = {"admin": 30, "xian_shenhe": 15}
ODD = ["\x00", "\U0001d11e", "\U0001f600", "a\x00b"]


def _odd(value, choice: int):
    """Strings: 1 in 6 get a NUL or a non-BMP character (appended, or as the whole value)."""
    if not isinstance(value, str) or choice >= len(ODD):
        return value
    return value + ODD[choice] if choice % 2 else ODD[choice]


def _odd_values(values, choices: list[int]):
    if not isinstance(values, dict):
        return _odd(values, choices[0])
    return {key: _odd(value, choices[i % len(choices)]) for i, (key, value) in enumerate(values.items())}


def _get(url: str, token: str):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _pick(pool: list, value) -> object:
    return pool[hash(str(value)) % len(pool)]


def _run_schemathesis(
    base: str, token: str, real: dict[str, list], max_examples: int, seed: int
) -> tuple[list[str], int]:
    """The problems found, and how many requests were refused for a NUL (so NULs were sent)."""
    import hypothesis
    import hypothesis.strategies as st
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

    choices = st.lists(st.integers(0, 6 * len(ODD) - 1), min_size=1, max_size=4)

    def odd(strategy):
        return st.tuples(strategy, choices).map(lambda pair: _odd_values(*pair))

    @schema.hook
    def before_generate_path_parameters(context, strategy):
        return odd(strategy.map(realistic))

    @schema.hook
    def before_generate_query(context, strategy):
        if "/reports/" in context.operation.path:
            # a docx takes seconds to typeset; most report requests ask for Markdown
            return odd(strategy.map(realistic)).map(
                lambda q: {**q, "format": "md"} if isinstance(q, dict) and hash(str(q)) % 4 else q
            )
        return odd(strategy.map(realistic))

    @schema.hook
    def before_generate_body(context, strategy):
        return odd(strategy.map(realistic))

    runner = from_schema(
        schema,
        checks=[not_a_server_error, response_schema_conformance],
        headers={"Authorization": f"Bearer {token}"},
        hypothesis_settings=hypothesis.settings(
            max_examples=max_examples,
            deadline=None,
            derandomize=False,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        ),
        seed=seed,
        request_timeout=60_000,  # milliseconds
    )
    problems: list[str] = []
    nul_refused = 0
    finished = None
    for event in runner.execute():
        if isinstance(event, events.AfterExecution):
            for check in event.result.checks:
                if check.response is not None and check.response.status_code == 400:
                    nul_refused += "空字符" in base64.b64decode(check.response.body or "").decode(
                        errors="replace"
                    )
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
    return problems, nul_refused


@pytest.mark.slow
@pytest.mark.fuzz
def test_api_fuzz_no_5xx_and_schema_conformance(tmp_path):
    seed = random.randrange(2**32)
    with zongjie_server(tmp_path, name="fuzz") as server:
        problems: list[str] = []
        nul_refused = 0
        for username, max_examples in MAX_EXAMPLES.items():
            token = server.token(username)
            real = {
                "ids": [e["id"] for e in _get(f"{server.url}/api/entries?page_size=200", token)["items"]],
                "units": [u["code"] for u in _get(f"{server.url}/api/units", token)["items"]] + ["QH"],
                "periods": [p["code"] for p in _get(f"{server.url}/api/periods", token)],
                "categories": [c["code"] for c in _get(f"{server.url}/api/categories", token)],
            }
            found, refused = _run_schemathesis(server.url, token, real, max_examples, seed)
            problems += found
            nul_refused += refused
        log = (tmp_path / "serve.log").read_text(errors="replace")
    assert problems == [], f"seed {seed}"
    assert nul_refused > 0, "no request carried a NUL"
    assert "Traceback" not in log, f"seed {seed}"
