"""The backup run: lists an account through the API into the archive, with its media."""
