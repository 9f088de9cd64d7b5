"""Connecting a Pinterest account: the assistant (wizard.py) and its steps."""
