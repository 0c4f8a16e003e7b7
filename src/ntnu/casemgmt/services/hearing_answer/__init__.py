"""POST <hearing>/@hearing-answer (parts/hearings.py)."""
