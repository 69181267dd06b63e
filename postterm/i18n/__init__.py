"""Hindi and English: gettext catalogs for what people read, and the facts of showing Hindi.

`catalogs` translates (`_()` in the language of the moment, `N_()` marks a message that
is translated later, `both()` gives English and Hindi for bilingual paper); `amounts`
writes rupees in Indian grouping in either language; `width` measures text the way a
terminal draws it; `terminal` decides when a terminal cannot show Hindi at all.
The catalogs are `locale/<lang>/LC_MESSAGES/postterm.po`, compiled to the committed `.mo`
next to each (installing postterm needs no build step); tests/i18n checks both.
"""
