"""The member import: a union's member list (CSV or XLSX) in, accounts and memberships out.

files.py reads the lists, cells.py turns one cell into a value, rows.py decides one row,
services.py runs an import (upload, confirm, run in batches, finish, purge), selectors.py reads them,
tasks.py runs them in the background.
"""
