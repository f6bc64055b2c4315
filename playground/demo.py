"""Demo articles: a playground started on an empty database is not an empty bot.

The page of a real site of the kind newsbot serves (playground/demo/news_page.txt: a Georgian
site with world news in English) gives the articles: its headline list, newest first, and the one
full article it carries. The others have only their headline on that page, so their text says so
rather than inventing one. They are published once, before anyone subscribes (no alerts), so
/latest, /read (the long one is split), "Read also" and search have something to show.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from importlib import resources

from bot.context import AnyApplication, services_of
from bot.news.articles import Published, publish

# Where the page's own furniture starts ("see all"): not part of the article.
_PAGE_END = "ყველას ნახვა"
_HEADLINE_ONLY = {
    "en": "Demo article: the sample page carries only this headline; its full text is on the "
    "desk's site.",
    "ka": "სადემონსტრაციო სტატია: ნიმუშის გვერდზე მხოლოდ ეს სათაურია; სრული ტექსტი საიტზეა.",
}


@dataclass(frozen=True, slots=True)
class DemoArticle:
    headline: str
    text: str


def demo_articles(page: str) -> list[DemoArticle]:
    """The page's articles, oldest first (the page lists the newest first): each headline of the
    list, with the full article's text for the one it carries."""
    blocks = page.split(_PAGE_END, 1)[0].strip().split("\n\n")
    headlines = blocks[0].splitlines()
    full_headline, paragraphs = blocks[1].strip(), blocks[3:]  # blocks[2]: date and views
    full_text = "\n\n".join(paragraph.strip() for paragraph in paragraphs)
    return [
        DemoArticle(headline, full_text if headline == full_headline else _placeholder(headline))
        for headline in reversed(headlines)
    ]


def _placeholder(headline: str) -> str:
    georgian = any("\u10d0" <= character <= "\u10ff" for character in headline)
    return _HEADLINE_ONLY["ka" if georgian else "en"]


async def publish_demo(application: AnyApplication, author_id: int) -> int:
    """Publish the demo articles unless the bot's database has articles already; how many."""
    storage = services_of(application).storage
    if await storage.articles.latest(1):
        return 0
    page = resources.files("playground").joinpath("demo/news_page.txt").read_text("utf-8")
    published = 0
    for number, article in enumerate(demo_articles(page)):
        outcome = await publish(
            storage,
            article.headline,
            html.escape(article.text, quote=False),
            author_id,
            origin=f"playground-demo-{number}",
        )
        published += isinstance(outcome, Published)
    return published
