"""Proof of authorship: perceptual hashes of the archived pictures, and which of the
creator's own files (their originals) each archived pin shows. Qt-free: decoding a picture
needs QtGui, so the caller hands in a Hasher (creator_backup.render.phash.picture_hash)."""
