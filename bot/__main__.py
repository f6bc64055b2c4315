"""`python -m bot` and the `newsbot` console script: run the bot with long polling."""

from __future__ import annotations

import os
import sys

from bot.app import run_polling
from bot.logs import configure_logging
from bot.settings import SettingsError, load_settings


def main() -> None:
    """Read settings, set up logging, and poll until interrupted."""
    # Opt in to PTB 23's timedelta durations now; otherwise every 429 logs a deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"newsbot: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings.log_level, settings.bot_token.get_secret_value())
    run_polling(settings)


if __name__ == "__main__":
    main()
