"""What every part of the benchmark shares: where the project is, the one address everything
listens on, running our own programs, and the progress log."""

from __future__ import annotations

import subprocess  # nosec B404
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"


def run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Our own programs (manage.py, python, wrk) with a fixed argv: never a shell string."""
    return subprocess.run(argv, text=True, capture_output=True, **kwargs)  # noqa: S603  # nosec B603


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
