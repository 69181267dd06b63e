"""`python -m postterm` is the `postterm` command."""

from postterm.cli import main

main()
