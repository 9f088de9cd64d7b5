"""Login, tokens and secrets: OAuth against Pinterest, keyring storage, refresh. Qt-free."""
