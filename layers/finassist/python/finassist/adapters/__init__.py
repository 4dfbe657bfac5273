"""Adapters at the edge: each implements one port from finassist.ports against one outside system."""
