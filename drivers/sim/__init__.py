"""Simulators that speak the real device protocols on a pseudo-terminal or a TCP port.

Each simulator has a Python control API (for tests and the demo) and `handle(line)` for the
stdin commands of `postterm sim ...`. A pty simulator is reached through a stable symlink
path, so it can be unplugged (the path vanishes, the driver sees EIO) and replugged (a new
pty behind the same path).
"""
