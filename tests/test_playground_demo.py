"""The playground's demo articles (playground/demo.py) from the sample page: pure parsing."""

from __future__ import annotations

from importlib import resources

from playground.demo import demo_articles


def test_the_sample_page_gives_its_headlines_oldest_first_and_its_one_full_article() -> None:
    page = resources.files("playground").joinpath("demo/news_page.txt").read_text("utf-8")
    articles = demo_articles(page)
    assert len(articles) == 8
    # The page lists the newest first, Georgian on top; published oldest first, it leads /latest.
    assert articles[-1].headline.startswith("მარკო რუბიო")
    assert articles[0].headline.startswith("Ukrainian border guards")
    full = [article for article in articles if len(article.text) > 1000]
    assert [article.headline for article in full] == [
        "Witkoff advised Kremlin on how to present peace proposals on Ukraine to Trump – Bloomberg"
    ]
    text = full[0].text
    assert text.startswith("U.S. Presidential Envoy Steve Witkoff advised Yury Ushakov")
    assert "Read also:\u00a0Trump drops Thursday deadline" in text  # as on the page
    # Neither the date line nor the page's "see all" links are article text.
    assert "ნახვები" not in text and "ყველას ნახვა" not in text
    others = {article.text for article in articles if article not in full}
    assert len(others) == 2 and any("სადემონსტრაციო" in other for other in others)
