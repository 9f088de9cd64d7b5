"""The application layer: what the window and the command line both call.

Each flow (accounts, backup, compare, appeal, restore, import, the offline site, moving
the archives) is decided here, once: which archive, opened how, with which login, and
what happens when the account turns out to be unavailable. The faces (cli/, gui/) only
gather input, show progress and results, and turn failures into words. Qt-free; it
imports the core (archive, api, auth and the flows' own packages), never a face.

`Application` (application/app.py) builds the services below from one set of paths and
one API address, each on first use; each face builds one.
"""
