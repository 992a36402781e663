"""Finding quoted phrases in an article, and keeping them on their place when it is edited (see docs/architecture.md)."""
