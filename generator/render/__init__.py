"""Lesson and course pages as Markdown, through the Jinja2 templates (see docs/architecture.md)."""
