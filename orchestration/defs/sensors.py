"""Automation: start a run when new or changed files appear in the inbox folder.

The sensor only lists and hashes files (no warehouse connection, STYLE.md): its cursor maps each
file to the hash last seen, and a run is requested for the files that are new or changed, with
`run_key` = the file's sha256 (of their sorted hashes, when several arrive in one tick), so the same
content never starts two runs. The run materializes `sources/inbox` (which itself reads only files
whose hash it has not stored) and everything downstream of it.
"""

import hashlib
import json

import dagster as dg

from orchestration.defs.sources import INBOX_KEY
from orchestration.fetch import folder_files, inbox_path


def inbox_files() -> dict[str, str]:
    """Relative path -> sha256 of every article file (.txt, .html, .htm, .jsonl) in the inbox."""
    folder = inbox_path()
    if not folder.is_dir():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder_files(folder)
    }


@dg.sensor(
    name="inbox_sensor",
    target=dg.AssetSelection.assets(INBOX_KEY).downstream(),
    minimum_interval_seconds=30,
    description="Runs the inbox ingest and everything downstream when files appear in "
    "READOUT_INBOX (default inbox/).",
)
def inbox_sensor(context: dg.SensorEvaluationContext):
    seen = json.loads(context.cursor) if context.cursor else {}
    files = inbox_files()
    new = {name: digest for name, digest in files.items() if seen.get(name) != digest}
    if not new:
        return dg.SkipReason(f"no new or changed files in {inbox_path()}")
    hashes = sorted(set(new.values()))
    run_key = (
        hashes[0] if len(hashes) == 1 else hashlib.sha256("".join(hashes).encode()).hexdigest()
    )
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=run_key, tags={"readout/inbox_files": ", ".join(sorted(new))[:200]}
            )
        ],
        cursor=json.dumps(files, sort_keys=True),
    )


defs = dg.Definitions(sensors=[inbox_sensor])
