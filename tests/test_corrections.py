"""What a correction changes (storage.articles.changes_between) and the buttons of its Section
choice (issue 11): pure parts of moving an article to another section."""

from __future__ import annotations

from bot.views.callbacks import CorrectionChoice, CorrectionSection
from bot.views.i18n import Translator
from bot.views.keyboards import correction_keyboard, correction_sections_keyboard
from storage import Article, Section
from storage.articles import changes_between

WORLD = Section(1, "World", "მსოფლიო", 1, None)
GEORGIA = Section(2, "Georgia", "საქართველო", 2, None)
ARTICLE = Article(7, "Rain", "Text.", 500, 0, 0, 0, section=WORLD)


def test_a_section_is_a_change_only_when_another_one_is_named() -> None:
    assert changes_between(ARTICLE, "Rain", "Text.", None) == ()
    assert changes_between(ARTICLE, "Rain", "Text.", None, WORLD.id) == ()
    assert changes_between(ARTICLE, "Rain", "Text.", None, GEORGIA.id) == ("section",)
    assert changes_between(ARTICLE, "Storm", "Text.", None, GEORGIA.id) == (
        "headline",
        "section",
    )
    without = Article(8, "Old", "Text.", 500, 0, 0, 0)  # from before sections existed
    assert changes_between(without, "Old", "Text.", None, WORLD.id) == ("section",)


def test_the_section_choice_offers_the_sections_with_the_chosen_one_marked() -> None:
    translator = Translator()
    plain = correction_keyboard(translator, "en", 7, has_photo=False)
    assert [b.text for b in plain.inline_keyboard[0]] == ["Headline", "Text", "Photo"]
    with_sections = correction_keyboard(translator, "en", 7, has_photo=False, has_sections=True)
    section = with_sections.inline_keyboard[0][-1]
    assert section.text == "Section"
    assert CorrectionChoice.parse(section.callback_data) == CorrectionChoice("section", 7)
    keyboard = correction_sections_keyboard("ka", 7, [WORLD, GEORGIA], GEORGIA.id)
    buttons = [b for row in keyboard.inline_keyboard for b in row]
    assert [b.text for b in buttons] == ["მსოფლიო", "✓ საქართველო"]
    assert CorrectionSection.parse(buttons[1].callback_data) == CorrectionSection(7, GEORGIA.id)
