"""What each tool does, once its arguments passed their model: one module per job (expenses and income,
questions, corrections, the month's summary, budgets, recurring expenses, export), with what they share in
`common`. Outputs are small JSON-able dicts the model reads; amounts travel as strings of Decimals ("45.00").
"""
