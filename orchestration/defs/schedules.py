"""Automation: refresh the whole graph once a day: every `sources/<name>` asset (one per entry of
sources.yaml) is part of "*", so the schedule fetches all configured sources."""

import dagster as dg

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    target="*",
    cron_schedule="0 6 * * *",
    description="Fetch every configured source (sources.yaml: feeds, WordPress, pages, folders), "
    "ingest the inbox and the configured inputs, extract what is new, and rebuild every mart.",
)

defs = dg.Definitions(schedules=[daily_refresh])
