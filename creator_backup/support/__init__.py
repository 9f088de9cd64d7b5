"""Help for when something goes wrong: the problem report a user can send."""
