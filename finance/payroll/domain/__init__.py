"""Payroll as plain Python: the calculation engine and the Bulgarian preset (no Django)."""
