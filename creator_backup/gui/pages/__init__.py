"""The window's pages. Each gets a PageContext and is told which account is shown."""
