"""What untrusted text may contain, reading and writing files safely, YAML and Markdown escaping (see docs/architecture.md)."""
