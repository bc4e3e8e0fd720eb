"""Built-in YAML rule packs, shipped as package data so `pip install .` carries them."""
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent
