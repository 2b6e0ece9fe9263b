"""Side events (ancillary meetings): requests, allocation to rooms and windows, outcome."""
