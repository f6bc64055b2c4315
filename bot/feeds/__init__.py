"""Feeds (issue 12): the desk's site feeds the bot (fetching, parsing, importing, polling)."""
