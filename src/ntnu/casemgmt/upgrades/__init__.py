"""Upgrade steps; one per profile version once a version is released."""
