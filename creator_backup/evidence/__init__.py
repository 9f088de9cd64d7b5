"""Trusted time stamps (RFC 3161): a snapshot's manifest and an appeal packet's manifest,
stamped by time-stamp authorities other than the creator, so that "this existed on date
X" is proven by someone else, before any loss. Reads the archive; below the flows."""
