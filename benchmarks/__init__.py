"""Benchmarks: run each as `python -m benchmarks.<name>`; results go to docs/benchmarks.md."""
