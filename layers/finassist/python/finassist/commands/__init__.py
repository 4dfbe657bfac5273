"""One module per `finassist` subcommand; each defines `register(subparsers)` and sets `run` on its parser."""
