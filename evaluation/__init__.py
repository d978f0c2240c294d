"""Accuracy of the extractor against the hand labels in tests/golden (dev and held-out documents)."""
