"""One lesson, the whole course, on several cores, with a cache, written out (see docs/architecture.md)."""
