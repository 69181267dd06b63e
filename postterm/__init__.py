"""postterm: a post-office counter terminal."""

__version__ = "0.1.0"
