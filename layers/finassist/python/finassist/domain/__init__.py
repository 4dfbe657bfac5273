"""Pure, typed domain code: money, dates, periods, categories, expenses. No I/O, no SDK imports."""
