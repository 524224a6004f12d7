"""IT support's pure code: the SLA clock on business hours, priorities, mail parsing."""
