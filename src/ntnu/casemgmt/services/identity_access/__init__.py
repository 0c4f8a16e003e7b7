"""<notification>/@identity-access (notification/identity.py)."""
