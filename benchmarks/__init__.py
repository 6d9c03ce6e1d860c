"""Benchmarks: each figure measured beside its baseline in the same run.

The machine a workshop runs on is a trainer's laptop, and the machines we
measure on are shared and noisy, so no figure is reported alone: every module
measures its baseline interleaved with the figure itself and the harness
prints the ratio. Run with `make bench` (`python -m benchmarks`).
"""
