"""The embedded stack: the real ASL and the real handlers, offline (moto), for developers, tests and the demo.

Development tooling only: it imports moto, which the deployed layer does not ship.
"""
