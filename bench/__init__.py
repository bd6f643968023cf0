"""Measure the tracker against the cheapest honest baselines: python -m bench.run."""
