"""Files payroll hands to others, built in plain Python: the bank file (pain.001)."""
