"""Reminders of deadlines by e-mail: before a deadline and when it passes, each exactly once (docs/architecture.md, "Reminders")."""
