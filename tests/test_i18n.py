import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.views.i18n import LANGUAGES, Translator
from local_bot_api import parse_html

SAMPLE_ARGUMENTS = {
    "name": "<Nino & co>",
    "desk": "News <desk>",
    "max": 20,
    "value": "<b>&amp;",
    "id": "12",
    "date": "26.11.2025",
    "views": 1234,
    "headline": "A < B & C",
    "length": 51234,
    "minutes": 30,
    "size": 2048,
    "count": 3,
    "interval": "every 5 minutes",
    "seconds": 42,
    "title": "<Desk & co>",
    "chat": "@news_desk",
    "kind": "channel",
    "reason": "bot <removed> & gone",
    "language_name": "English",
    "active": 1234,
    "inactive": 5,
    "delivered": 998,
    "failed": 2,
    "due": 0,
    "when": "26.11.2025 14:05",
    "duration": "3.2 s",
    "task": "feeder <x>",
    "details": "Traceback <module> & friends",
    "last": "OperationalError: <locked> & gone",
    "since": "26.11.2025 14:05",
    "restarts": 3,
    "error": "OperationalError: database is <locked> & busy",
    "bot": "@newsbot_test_bot",  # issue 9 item 4
    "user": "<Nino & co>",  # issue 9 item 13
    "user_id": "12345",
    "number": 2,  # issue 10: corrections and retractions
    "changes": "headline, text",
    "messages": 1284,
    "chats": 1190,
    "scheduled": "S<3>",  # issue 11: scheduled publication
    "time": "08:00",
    "hours": "23:00–07:00",
    "topic": "World <& co>",  # issue 11: forum topics
    "zone": "Asia/<Tbilisi>",
    "section": "<World & co>",  # issue 11: sections
    "names": "World · <მსოფლიო>",
    "sections": "#World #<Georgia>",
    "url": "https://desk.ge/rss?a=1&b=<2>",  # issue 12: feeds
    "mode": "publishes <new> entries",
    "query": '<"peace" & co>',  # issue 13: search
    "page": 2,
    "pages": 7,
    "days": 7,  # issue 13: most read and editors' insight
    "gained": 321,
    "reads": 120,
    "alerts": 4000,
    "private": 1200,
    "groups": 30,
    "channels": 4,
    "inline": 0,
    "copies": 17,
    "reactions": "👍 12 · <custom> & 3",
}


# Variables that only build a link's target (issue 9 item 13: who added a chat), never shown.
_LINK_TARGETS = {"user_id"}


class _VariableReferences(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _variables(language: str) -> dict[str, set[str]]:
    """Each message of the catalog and the variables it uses anywhere (selectors included)."""
    from importlib import resources

    source = resources.files("bot.views.locales").joinpath(f"{language}.ftl").read_text("utf-8")
    found = {}
    for entry in FluentParser().parse(source).body:
        if isinstance(entry, ast.Message):
            references = _VariableReferences()
            references.visit(entry)
            found[entry.id.name] = references.names
    return found


def test_catalogs_have_the_same_messages_with_the_same_arguments() -> None:
    english, georgian = _variables("en"), _variables("ka")
    assert english.keys() == georgian.keys()
    assert {k: v for k, v in english.items() if georgian[k] != v} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_html_telegram_accepts_even_with_hostile_arguments(language: str) -> None:
    translator = Translator()
    variables = _variables(language)
    assert set(translator.keys(language)) == set(variables)
    assert any("name" in used for used in variables.values())  # e.g. the greeting
    for key in sorted(variables):
        rendered = translator.html(language, key, **SAMPLE_ARGUMENTS)
        text, _ = parse_html(rendered)  # raises like Telegram's 400 on bad markup
        assert text.strip(), key
        for variable in sorted(variables[key]):
            value = SAMPLE_ARGUMENTS[variable]  # every variable a message uses has a sample
            if variable in _LINK_TARGETS:
                assert f'href="tg://user?id={value}"' in rendered, (key, variable, rendered)
            elif isinstance(value, str):
                # Escaped in the HTML, so that Telegram shows exactly what was passed.
                assert value in text, (key, variable, text)


def test_language_resolution_prefers_chat_choice_then_telegram_language() -> None:
    translator = Translator(default_language="en")
    assert translator.resolve("ka", "en") == "ka"
    assert translator.resolve(None, "ka") == "ka"
    assert translator.resolve(None, "ka-GE") == "ka"
    assert translator.resolve(None, "de") == "en"
    assert translator.resolve(None, None) == "en"
    assert Translator(default_language="ka").resolve(None, "fr") == "ka"


def test_plain_text_unescapes_for_buttons() -> None:
    translator = Translator()
    assert translator.plain("en", "button-older") == "Older ›"
    assert "&lt;" not in translator.plain("en", "read-bad-id", value="<x>")
