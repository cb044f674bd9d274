"""Benchmarks of the platform on large data sets (see README.md)."""
