"""Finance's pure code: chart presets, balance arithmetic and period dates; no ORM."""
