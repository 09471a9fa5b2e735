import sys
from pathlib import Path

# The packages live in py/; make them importable without an install too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "py"))
