"""Each Lambda alone: its handler on its sample event from events/, on the embedded stack."""
