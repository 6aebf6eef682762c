"""Article rows to event mentions: sentences, dates, people, one module per event type.

Everything here is vectorized polars over `pl.LazyFrame`s. The extraction version (what makes a
warehouse re-extract its articles) is a hash of this package, `transform/schemas.py` and the
reference data (`transform.version.extraction_version`).
"""
