"""Pure domain: no I/O beyond packaged data, no UI, SQL, HTTP or device libraries."""
