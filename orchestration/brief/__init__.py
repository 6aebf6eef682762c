"""The brief: one self-contained HTML page over the marts (`render.render_brief`)."""
