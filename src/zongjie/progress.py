"""One progress-and-batching helper shared by the CLI commands (rich progress bars)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")


@contextmanager
def progress_bar(enabled: bool | None = None) -> Iterator[Progress]:
    """A rich Progress on stderr; quiet (but still usable) when stderr is not a terminal."""
    console = Console(stderr=True)
    show = console.is_terminal if enabled is None else enabled
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not show,
        transient=False,
    )
    with progress:
        yield progress


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def say(message: str) -> None:
    print(message, file=sys.stderr)
