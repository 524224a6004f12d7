"""HR's pure rules: no database, no Django models."""
