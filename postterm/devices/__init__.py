"""Binds drivers to the app: opens configured devices, keeps their state."""
