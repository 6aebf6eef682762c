"""The public tables (CONTRACT.md): the marts users and BI tools read, in schema `marts`."""

MARTS = (
    "fct_meetings",
    "fct_visits",
    "partnership_timeline",
    "anniversary_calendar",
    "meeting_counts",
    "fct_event_mentions",
)
