"""``python -m scanner`` runs the piiscan CLI."""

from scanner.cli import main

main()
