"""Performance benchmark and load test (see bench/README.md). Nothing here is imported by the application."""
