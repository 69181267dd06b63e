"""`postterm central admin migrate DIR`: bring an office's data across from the old system.

- `mapping`: the `--map MAP.toml` (column names, date formats, encoding of another export);
- `csvfile`: a CSV file read as rows with their physical line numbers;
- `values` and `rows`: one row of each file checked and turned into a record;
- `importer`: the whole export checked, compared with what was imported before, and written
  in one transaction;
- `report`: what happened, as text or JSON, saved without PINs;
- `balances`: the migrated closing balances, their two sign-offs, the opening cash.
"""
