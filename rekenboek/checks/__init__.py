"""Stage 2: declared checks -> findings register; the only place a verdict is made."""
from rekenboek.checks.engine import oordeel

__all__ = ["oordeel"]
