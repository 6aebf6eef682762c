"""Bytes to article rows: text dumps, article files (.txt, .html), feeds and the WordPress API.

Every reader returns rows in `transform.schemas.ARTICLES`; bad input raises
`transform.errors.InputError` naming the input. BeautifulSoup and feedparser are used only here.
"""
