"""newsbot's own limits, in one place; Telegram's come from `telegram.constants`."""

from typing import Final

HEADLINE_MAX_LENGTH: Final = 200
BODY_MAX_LENGTH: Final = 50_000
LATEST_DEFAULT_COUNT: Final = 5
LATEST_MAX_COUNT: Final = 20
RELATED_COUNT: Final = 3
# Raw upload size; an HTML file carries markup on top of its at most 50,000 visible characters.
UPLOAD_MAX_BYTES: Final = 1_000_000
UPLOAD_EXTENSIONS: Final = (".txt", ".md", ".markdown", ".html", ".htm")
# Button labels are shown on one line; longer headlines are cut on a word boundary.
BUTTON_LABEL_LENGTH: Final = 48
# Editors' reports: how many target chats /channels lists, and how many rounds /stats shows.
CHANNELS_LIST_LIMIT: Final = 100
STATS_ROUNDS: Final = 5
