"""nicsim: how improvement practices spread through networks of schools."""
