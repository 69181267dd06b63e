"""Barcode scanners: serial scanners with prefix/suffix framing, and keyboard-wedge bursts."""
