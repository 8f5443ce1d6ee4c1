"""rekenboek."""
