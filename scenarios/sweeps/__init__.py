"""Example sweeps shipped with nicsim, as TOML files (``nicsim sweep NAME``)."""
