"""Measure tallies and report PDFs against bare baselines: python -m bench.run."""
