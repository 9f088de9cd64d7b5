"""Appeal packets: verifiable bundles that document what was lost. Qt-free; the PDF and
thumbnails come from creator_backup.render through the interfaces in packet.py."""
