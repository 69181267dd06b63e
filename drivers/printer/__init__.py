"""ESC/POS receipt printers: a small document vocabulary, rendering with python-escpos,
status through DLE EOT, and a driver that sends over our own link layer."""
