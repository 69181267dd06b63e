"""The counter's settings: one model, loaded from TOML with environment overrides."""

from postterm.config.loader import ConfigError, load_settings
from postterm.config.model import Settings

__all__ = ["ConfigError", "Settings", "load_settings"]
