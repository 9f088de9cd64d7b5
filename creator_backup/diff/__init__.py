"""What was lost: comparing snapshots of the archive. Qt-free, no network."""
