"""The desktop window. The only package that imports QtWidgets; it never speaks HTTP or SQL."""
