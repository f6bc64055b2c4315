"""`python -m bench --quick` runs every part on tiny sizes and reports: keeps the code alive.

No figure is asserted here; speed targets live in docs/BENCHMARKS.md, measured by full runs.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmark_completes_and_reports_every_part(tmp_path: Path) -> None:
    parts = [
        "engine",
        "pacing",
        "replies",
        "scale",
        "burst",
        "photo",
        "correction",
        "breaking",
        "webhook",
        "feeds",
        "search",
    ]
    if importlib.util.find_spec("aiogram_broadcaster"):  # the [bench] extra
        parts.append("paid")
    report = tmp_path / "report.md"
    raw = tmp_path / "raw.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--quick",
            "--parts",
            ",".join(parts),
            "--data-dir",
            str(tmp_path / "data"),
            "--markdown",
            str(report),
            "--json",
            str(raw),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = json.loads(raw.read_text())["results"]
    assert len(results) == len(parts)
    text = report.read_text()
    assert "Engine overhead" in text and "Pacing accuracy" in text and "start_up_seconds" in text
    assert "duplicate_edits" in text
    assert "first_alert_s" in text and "last_vs_floor" in text
    assert "ka_inside_word_p99_ms" in text and "index_build_seconds" in text  # issue 13
