"""Automation: refresh the whole graph once a day."""

import dagster as dg

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    target="*",
    cron_schedule="0 6 * * *",
    description="Ingest the configured inputs and rebuild every raw table and mart.",
)

defs = dg.Definitions(schedules=[daily_refresh])
