"""Barcode scanners on a serial link, framed by a prefix and a suffix. (A keyboard-wedge
scanner types into the terminal; the counter screen takes its code after its prefix key.)"""
