"""The whole-document pipeline pauses the cyclic garbage collector (pipeline._cyclic_gc_paused).

That is only sound if extraction makes no reference cycles (reference counting then frees all
it drops) and if the collector's state is given back whatever happens."""

from __future__ import annotations

import gc

import pytest

from zongjie.extraction import EmptyDocumentError, extract_path, extract_text, iter_extract_path

from ._shared import DATA

#: the repository's own test documents (the seed lives outside the repository)
DOCUMENTS = sorted(p for p in DATA.iterdir() if p.is_file())
TWO_OFFICES = DATA / "two_offices_utf8.txt"


@pytest.fixture
def collector_off():
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


def test_extraction_leaves_no_reference_cycles(collector_off):
    for path in DOCUMENTS:
        result = extract_path(path)
        assert result.quantities or result.headings, path
        del result
        assert gc.collect() == 0, f"{path.name}: extraction left objects that only the cyclic collector frees"


def test_streaming_leaves_no_reference_cycles(collector_off):
    parts = list(iter_extract_path(TWO_OFFICES))
    assert len(parts) == 2
    del parts
    assert gc.collect() == 0


def test_collector_is_running_again_after_extraction():
    assert gc.isenabled()
    extract_path(TWO_OFFICES)
    assert gc.isenabled()


def test_collector_is_running_again_after_a_refusal():
    assert gc.isenabled()
    with pytest.raises(EmptyDocumentError):
        extract_text("\n \n", "empty.txt")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(collector_off):
    extract_path(TWO_OFFICES)
    assert not gc.isenabled()


def test_no_collection_runs_while_a_document_is_extracted():
    """The pause is real: the result of the UTF-8 test documents eighty times over keeps
    thousands of objects alive (a young collection every 700 new ones with the collector on);
    with the pause the only one is the collection that falls due as the collector is switched
    on."""
    one = "\n".join(p.read_text(encoding="utf-8") for p in DOCUMENTS if "utf8" in p.name)
    text = "\n".join([one] * 80)
    collections: list[str] = []

    def record(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()  # start from empty generations, so nothing is due before the pause begins
    gc.callbacks.append(record)
    try:
        result = extract_text(text, "seed5.txt")
        during = len(collections)
        # the same work with the collector running (control: the callback does see collections)
        for _ in range(3):
            [[str(i)] for i in range(3000)]
    finally:
        gc.callbacks.remove(record)
    assert len(result.quantities) > 5000
    assert during <= 1
    assert len(collections) > during
