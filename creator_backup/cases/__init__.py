"""Cases: a decision notice from Pinterest, read into a case per decision, with its
deadlines, the letters of each route of redress, and a custody log of what was sent.

Core code (no Qt): the PDF letters are laid out by creator_backup/render, and a PDF
notice is read by `pdftotext` (Qt's PDF module is not in PySide6-Essentials).
"""
