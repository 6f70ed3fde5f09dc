"""Scoring against annotated corpora (PDNC, LitBank)."""
