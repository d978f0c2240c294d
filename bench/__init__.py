"""Benchmarks and the synthetic scale corpus: measured speed, never timed tests."""
