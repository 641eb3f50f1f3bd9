"""Scenarios shipped with nicsim, as TOML files."""
