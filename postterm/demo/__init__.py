"""`postterm demo`: a whole counter world on one machine, with no configuration at all."""
