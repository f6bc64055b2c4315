"""English and Georgian strings from the Fluent catalogs in `bot/views/locales`."""

from __future__ import annotations

import html
from importlib import resources
from typing import Final

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast

LANGUAGES: Final = ("en", "ka")


class Translator:
    """Formats catalog messages; catalogs are loaded once per process."""

    def __init__(self, default_language: str = "en") -> None:
        self.default_language = default_language
        self._bundles: dict[str, FluentBundle] = {}
        self._keys: dict[str, frozenset[str]] = {}
        for language in LANGUAGES:
            self._bundles[language], self._keys[language] = _load_bundle(language)

    def html(self, language: str, key: str, **arguments: object) -> str:
        """The message as HTML; string arguments are escaped."""
        escaped = {
            name: html.escape(value, quote=False) if isinstance(value, str) else value
            for name, value in arguments.items()
        }
        return self._format(language, key, escaped)

    def plain(self, language: str, key: str, **arguments: object) -> str:
        """The message as plain text, for buttons, alerts and the command menu."""
        return html.unescape(self._format(language, key, dict(arguments)))

    def keys(self, language: str) -> set[str]:
        """Every message id in a catalog (for completeness checks)."""
        return set(self._keys[language])

    def resolve(self, chat_choice: str | None, telegram_language: str | None) -> str:
        """The chat's own choice, else the user's Telegram language if we have it, else default."""
        if chat_choice in LANGUAGES:
            return chat_choice
        code = (telegram_language or "").split("-")[0].lower()
        return code if code in LANGUAGES else self.default_language

    def _format(self, language: str, key: str, arguments: dict[str, object]) -> str:
        bundle = self._bundles.get(language) or self._bundles[self.default_language]
        if not bundle.has_message(key):
            raise KeyError(f"no message {key!r} in the {language!r} catalog")
        pattern = bundle.get_message(key).value
        if pattern is None:
            raise KeyError(f"message {key!r} has no value in the {language!r} catalog")
        text, errors = bundle.format_pattern(pattern, arguments)
        if errors:
            raise ValueError(f"formatting {key!r} in {language!r} failed: {errors}")
        return str(text)


def _load_bundle(language: str) -> tuple[FluentBundle, frozenset[str]]:
    source = resources.files("bot.views.locales").joinpath(f"{language}.ftl").read_text("utf-8")
    resource = FluentResource(source)
    # Isolation marks (U+2068/U+2069) would end up inside commands such as /read_12.
    bundle = FluentBundle([language], use_isolating=False)
    bundle.add_resource(resource)
    keys = frozenset(item.id.name for item in resource.body if isinstance(item, ast.Message))
    return bundle, keys
