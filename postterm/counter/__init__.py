"""What a clerk can do, without a screen. The TUI and the CLI both call this."""
