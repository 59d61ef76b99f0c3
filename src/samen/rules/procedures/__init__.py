"""Procedures of the agreement: facts -> state and deadlines (term, disputes, withdrawals, amendments)."""
