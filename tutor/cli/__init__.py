"""The `tutor` command line: subcommands for asking, sessions, personas, models, tokens, doctor."""
