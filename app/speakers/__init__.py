"""Lists of speakers: inscription by delegations, order, allocation to meetings."""
