"""The fuzz harness: structure-aware mutations of real documents and PDFs, and the invariants every
input must keep. `make fuzz` runs it at length (`python -m tests.fuzz.run`); `tests/test_fuzz.py`
runs a few hundred inputs with a fixed seed in the suite."""
