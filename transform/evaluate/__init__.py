"""Scoring the marts against hand-annotated gold files (`tests/gold/`): precision, recall, F1."""
