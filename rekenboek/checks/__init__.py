"""Stage 2: declared checks -> findings register; the only place a verdict is made.

formula       the formula language (Grootheid interval arithmetic, the r/som/jaar evaluator)
declarations  Controle and the vocabularies; data/controles/*.yaml parsed once per process
evaluate      evalueer, evalueer_alle and oordeel(), the one numeric verdict
bevindingen   the findings register (one row per check), cached per dossier (cache)
dossier       which documents a page must load
dekking       completeness of the transcription
"""
from rekenboek.checks.evaluate import oordeel

__all__ = ["oordeel"]
