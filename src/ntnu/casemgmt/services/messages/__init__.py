"""<notification>/@messages (SPEC §7)."""
