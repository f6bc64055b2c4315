"""Logging set-up that can never print the bot token."""

from __future__ import annotations

import logging

from telegram import Update

# A command's name is the bot's vocabulary, not the user's words; longer tokens are not commands.
_COMMAND_MAX = 33


class RedactSecrets(logging.Filter):
    """Replace every occurrence of the given secrets in a record's final message."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = message
        for secret in self._secrets:
            redacted = redacted.replace(secret, "<redacted>")
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and record.exc_text is None:
            # Tracebacks are formatted later; format now so the text can be redacted too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            for secret in self._secrets:
                record.exc_text = record.exc_text.replace(secret, "<redacted>")
        return True


class QuietUnparsableAnswers(logging.Filter):
    """PTB's BaseRequest logs a full traceback at ERROR when an answer is not JSON (an nginx
    502 page, a wrong BOT_API_BASE_URL) and then raises an error quoting that answer, which our
    retries and start-up report in one line. So the record is kept only at DEBUG, without its
    traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Can not load invalid JSON data"):
            return True
        if not logging.getLogger(record.name).isEnabledFor(logging.DEBUG):
            return False
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


# One instance, so that configuring logging again does not add the filter twice.
_QUIET_UNPARSABLE = QuietUnparsableAnswers()


def configure_logging(level: str, *secrets: str) -> None:
    """Log to stderr at `level`, with secrets redacted from every record."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(*secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("telegram.request.BaseRequest").addFilter(_QUIET_UNPARSABLE)


def update_summary(update: object) -> str:
    """What the logs at ERROR may say about an update: its kind and ids, the command or button
    pressed, never a user's text or names (those go to the operator's chat and log archives)."""
    if not isinstance(update, Update):
        return type(update).__name__
    kind = next((key for key in update.to_dict() if key != "update_id"), "unknown")
    parts = [f"update {update.update_id} ({kind})"]
    if update.effective_chat is not None:
        parts.append(f"chat {update.effective_chat.id} ({update.effective_chat.type})")
    if update.effective_user is not None:
        parts.append(f"user {update.effective_user.id}")
    message = update.effective_message
    if message is not None:
        parts.append(f"message {message.message_id}")
        first_word = (message.text or message.caption or "").split(maxsplit=1)[:1]
        if first_word and first_word[0].startswith("/") and len(first_word[0]) <= _COMMAND_MAX:
            parts.append(f"command {first_word[0]}")
    if update.callback_query is not None and update.callback_query.data is not None:
        # Our own payloads (bot/views/callbacks.py), at most 64 bytes.
        parts.append(f"button {update.callback_query.data!r}")
    return ", ".join(parts)
