"""The contributor tools behind medialit check, suggest and new (see docs/architecture.md)."""
