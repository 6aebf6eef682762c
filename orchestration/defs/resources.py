"""The warehouse resource: where the DuckDB file lives, and how to open it.

Its `path` is config: the launchpad (`resources: warehouse: config: path: ...`) and `readout run
--db` set it per run; by default it is `READOUT_DB` (an `EnvVar`, resolved when a run starts) when
that is set as the definitions load, else `<repo>/warehouse/readout.duckdb`
(`orchestration/definitions.py`).
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import Field

from orchestration.warehouse_lock import hold_warehouse_lock

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = REPO_ROOT / "warehouse" / "readout.duckdb"
RAW_SCHEMA_SQL = REPO_ROOT / "warehouse" / "raw_schema.sql"


def default_db_path() -> Path:
    """`READOUT_DB` if set, else `<repo>/warehouse/readout.duckdb`; always absolute."""
    value = os.environ.get("READOUT_DB")
    return Path(value).expanduser().resolve() if value else DEFAULT_DB


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse. Connections are short-lived: open one in a `with` block, write, close."""

    path: str = Field(
        default=str(DEFAULT_DB),
        description="The DuckDB file of the warehouse "
        "(created on first use); readers' copies go to publish/ beside it.",
    )

    @classmethod
    def from_env(cls) -> "WarehouseResource":
        """`READOUT_DB` (resolved when a run starts) if it is set now, else the default file."""
        return cls(path=dg.EnvVar("READOUT_DB")) if os.environ.get("READOUT_DB") else cls()

    @property
    def db_path(self) -> Path:
        return Path(self.path).expanduser().resolve()

    @property
    def publish_dir(self) -> Path:
        """Where readers' copies go: `<directory of the warehouse file>/publish`."""
        return self.db_path.parent / "publish"

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext):
        """Hold the warehouse's run lock (`<db>.lock`) while the run uses this resource, so two
        runs on one file queue instead of failing on DuckDB's lock (orchestration/warehouse_lock.py).
        """

        def waiting(lock_file: Path) -> None:
            message = f"another run is using {self.db_path} ({lock_file}); waiting for it to finish"
            if context.log is not None:
                context.log.info(message)
            print(f"readout: {message} ...", file=sys.stderr, flush=True)

        with hold_warehouse_lock(self.db_path, on_wait=waiting):
            yield self

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection, with the raw schema and its tables created if missing."""
        db_path = self.db_path
        db_path.parent.mkdir(parents=True, exist_ok=True)
        # The same memory limit as dbt's (dbt_project/profiles.yml): DuckDB's default, 80 % of RAM,
        # is more than a run should take on a shared machine; beyond it DuckDB spills to disk.
        con = duckdb.connect(
            str(db_path),
            config={
                "memory_limit": duckdb_memory_limit(),
                "checkpoint_threshold": CHECKPOINT_THRESHOLD,
            },
        )
        try:
            con.execute(RAW_SCHEMA_SQL.read_text())
            yield con
        finally:
            con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT; on any error ROLLBACK, so the warehouse keeps its previous contents."""
    con.begin()
    try:
        yield con
        con.commit()
    except BaseException:
        con.rollback()
        raise


# DuckDB checkpoints when its WAL passes this size (default 16 MB). A checkpoint rewrites the table's
# last, partly filled row group, up to 122,880 rows of article bodies: at the default, ingesting a
# 1 GB dump checkpointed every other batch and spent 30 s inserting; at 256 MB, 14 s, with the same
# peak memory (BENCHMARKS.md). dbt_project/profiles.yml sets the same.
CHECKPOINT_THRESHOLD = "256MB"


def duckdb_memory_limit() -> str:
    """READOUT_DUCKDB_MEMORY (a DuckDB size such as "2GB"), default 4GB, as dbt reads it."""
    return os.environ.get("READOUT_DUCKDB_MEMORY", "4GB")
