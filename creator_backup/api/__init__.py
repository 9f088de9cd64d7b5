"""Pinterest API v5 client: Qt-free, used by the CLI and (through workers) by the GUI."""
