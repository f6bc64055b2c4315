"""Articles: publishing, reading (which counts a delivery), headline lists, corrections (each
stored as a revision) and retractions (each withdrawal and restoration recorded for /history).

Readers' lists (`latest`, `related`, `between`: what alerts show) leave withdrawn articles out;
`get` returns them with `retracted_at` set, so /read can say when they were withdrawn.

An article is read with its section (issue 11), removed or not, so every rendering of it (/read,
the copies a correction updates) names it; `latest` lists one section's newest too."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from storage.database import Database, now
from storage.deliveries import DeliveryKind, record_deliveries, record_inline
from storage.models import (
    CHANGES,
    NO_PHOTO_COLUMNS,
    Article,
    Change,
    Headline,
    Photo,
    Preview,
    Revision,
    Section,
    Withdrawal,
    WithdrawalAction,
)
from storage.outbox import open_breaking_round

_PHOTO_COLUMNS = "photo_file_id, photo_unique_id, photo_width, photo_height, photo_size"
# The article's section, looked up by its primary key (also in an insert's RETURNING, where
# no join can be written).
_SECTION_COLUMNS = ", ".join(
    f"(SELECT {column} FROM sections WHERE sections.id = articles.section_id)"
    for column in ("name_en", "name_ka", "position", "removed_at")
)
_ARTICLE_COLUMNS = (
    "id, headline, body_html, author_id, created_at, published_at, views,"
    f" {_PHOTO_COLUMNS}, updated_at, retracted_at, section_id, {_SECTION_COLUMNS},"
    " canonical_url, photo_url"
)
_HEADLINE_COLUMNS = f"id, headline, published_at, views, {_PHOTO_COLUMNS}, canonical_url, photo_url"
_REVISION_COLUMNS = (
    f"article_id, revision, headline, body_html, {_PHOTO_COLUMNS}, editor_id, created_at, changes"
)
# What readers may see: not withdrawn.
_PUBLISHED = "retracted_at IS NULL"
# Within an alert's filter (two parameters, both the filter): NULL, every section; else the
# comma-separated ids of the followed ones; an article without a section passes either way.
_IN_SECTIONS = (
    "(? IS NULL OR section_id IS NULL OR instr(',' || ? || ',', ',' || section_id || ',') > 0)"
)


def _article(row: aiosqlite.Row) -> Article:
    article_id, headline, body_html, author_id, created_at, published_at, views = row[:7]
    photo = _lead_photo(tuple(row[7:12]), row[20])
    updated_at, retracted_at, section_id, name_en, name_ka, position, removed_at = row[12:19]
    section = (
        None if section_id is None else Section(section_id, name_en, name_ka, position, removed_at)
    )
    return Article(
        article_id,
        headline,
        body_html,
        author_id,
        created_at,
        published_at,
        views,
        photo,
        updated_at,
        retracted_at,
        section,
        row[19],
        row[20],
    )


def _revision(row: aiosqlite.Row) -> Revision:
    article_id, number, headline, body_html = row[:4]
    editor_id, created_at, changes = row[9:12]
    return Revision(
        article_id,
        number,
        headline,
        body_html,
        Photo.from_columns(tuple(row[4:9])),
        editor_id,
        created_at,
        tuple(change for change in CHANGES if change in changes.split(",")),
    )


def _original(article: Article) -> Revision:
    """An article never corrected, as its first revision."""
    return Revision(
        article.id,
        1,
        article.headline,
        article.body_html,
        article.photo,
        article.author_id,
        article.published_at,
        (),
    )


def changes_between(
    article: Article,
    headline: str,
    body_html: str,
    photo: Photo | None,
    section_id: int | None = None,
) -> tuple[Change, ...]:
    """What a correction to `headline`, `body_html`, `photo` and `section_id` (None: the
    section stays) would change (a photo by its unique id: the same picture sent again is no
    change)."""
    changed = {
        "headline": headline != article.headline,
        "body": body_html != article.body_html,
        "photo": (photo.unique_id if photo else None)
        != (article.photo.unique_id if article.photo else None),
        "section": section_id is not None
        and section_id != (article.section.id if article.section else None),
    }
    return tuple(change for change in CHANGES if changed[change])


def _headline(row: aiosqlite.Row) -> Headline:
    article_id, headline, published_at, views = row[:4]
    photo = _lead_photo(tuple(row[4:9]), row[10])
    return Headline(article_id, headline, published_at, views, photo, row[9])


def _photo_values(photo: Photo | None) -> tuple[object, ...]:
    """An article's photo as its `photo_*` columns and `photo_url`: a photo known by URL alone
    (a feed's, the publish API's) is kept as the URL, to be sent by it until Telegram gives
    its file_id (migration 0019); a Telegram photo, or none, leaves no URL behind (else
    `_lead_photo` would bring a removed or replaced URL photo back)."""
    url = photo.url if photo is not None else None
    if photo is None or url is not None:
        return (*NO_PHOTO_COLUMNS, url)
    return (*photo.columns(), None)


def _lead_photo(columns: tuple[object, ...], photo_url: str | None) -> Photo | None:
    """The photo an article is sent with: by its file_id, else by its URL (migration 0019:
    a feed's photo, until the first send gives a file_id)."""
    photo = Photo.from_columns(columns)
    return photo if photo is not None or photo_url is None else Photo.from_url(photo_url)


class ArticleRepository:
    """Reads and writes of the `articles` and `deliveries` tables."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def publish(
        self,
        headline: str,
        body_html: str,
        author_id: int,
        *,
        origin: str | None = None,
        photo: Photo | None = None,
        breaking: bool = False,
        section_id: int | None = None,
        canonical_url: str | None = None,
        feed_entry_id: int | None = None,
    ) -> Article:
        """Store a new article, published now; `origin` names the update that published it;
        `section_id` its section (see `insert_article`), `canonical_url` its page on the site,
        `feed_entry_id` the edited feed entry it was written from.

        `breaking`: published as breaking news, with its delivery round in the same transaction
        (`open_breaking_round`), so a crash right after cannot leave it announced nowhere.
        """
        async with self._db.transaction() as connection:
            return await insert_article(
                connection,
                headline,
                body_html,
                author_id,
                origin=origin,
                photo=photo,
                section_id=section_id,
                breaking=breaking,
                canonical_url=canonical_url,
                feed_entry_id=feed_entry_id,
            )

    async def find_repeat(
        self,
        origin: str,
        author_id: int,
        headline: str,
        body_html: str,
        since: int,
        photo: Photo | None = None,
    ) -> Article | None:
        """The article a publication would repeat: one published by the same update (`origin`),
        or the same author's with the same headline, text and photo (the same file, by its
        unique id) published since `since`."""
        async with self._db.connection.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE origin = ?"
            f" UNION ALL SELECT {_ARTICLE_COLUMNS} FROM articles"
            " WHERE published_at >= ? AND author_id = ? AND headline = ? AND body_html = ?"
            " AND photo_unique_id IS ? LIMIT 1",
            (origin, since, author_id, headline, body_html, photo.unique_id if photo else None),
        ) as cursor:
            row = await cursor.fetchone()
        return _article(row) if row else None

    async def get(self, article_id: int) -> Article | None:
        """The article with this id, if any, withdrawn or not (see `retracted_at`)."""
        async with self._db.connection.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _article(row) if row else None

    async def record_delivery(
        self, article_id: int, chat_id: int, kind: DeliveryKind
    ) -> Article | None:
        """Count one delivery of the article to a chat; the article with its new view count."""
        async with self._db.transaction() as connection:
            if not await _exists(connection, article_id):
                return None
            await record_deliveries(connection, kind, [(article_id, chat_id)], now())
            async with connection.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
            ) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return _article(row)

    async def latest(
        self, limit: int, before_id: int | None = None, *, section_id: int | None = None
    ) -> list[Headline]:
        """The newest headlines, newest first; with `before_id`, those published before it;
        with `section_id`, of that section alone (index articles_by_section: one range)."""
        conditions = [_PUBLISHED]
        parameters: list[int] = []
        if section_id is not None:
            conditions.append("section_id = ?")
            parameters.append(section_id)
        if before_id is not None:
            conditions.append(
                "(published_at, id) < (SELECT published_at, id FROM articles WHERE id = ?)"
            )
            parameters.append(before_id)
        sql = (
            f"SELECT {_HEADLINE_COLUMNS} FROM articles WHERE {' AND '.join(conditions)}"
            " ORDER BY published_at DESC, id DESC LIMIT ?"
        )
        async with self._db.connection.execute(sql, (*parameters, limit)) as cursor:
            return [_headline(row) for row in await cursor.fetchall()]

    async def previews(self, article_ids: Sequence[int], chars: int) -> list[Preview]:
        """The articles of `article_ids` readers may see, in that order, each with the first
        `chars` characters of its text (tags dropped: migration 0022's newsbot_text)."""
        if not article_ids:
            return []
        marks = ", ".join("?" for _ in article_ids)
        async with self._db.connection.execute(
            f"SELECT {_HEADLINE_COLUMNS}, substr(newsbot_text(body_html), 1, ?) FROM articles"
            f" WHERE id IN ({marks}) AND {_PUBLISHED}",
            (chars, *article_ids),
        ) as cursor:
            found = {row[0]: Preview(_headline(row), row[11]) for row in await cursor.fetchall()}
        return [found[article_id] for article_id in article_ids if article_id in found]

    async def record_inline(self, article_id: int, chat_id: int, key: str) -> bool:
        """Count a chosen inline result (issue 13) as one delivery to `chat_id`, once per
        `key`; False if the article is gone or the choice was counted already."""
        async with self._db.transaction() as connection:
            if not await _exists(connection, article_id):
                return False
            return await record_inline(connection, article_id, chat_id, key, now())

    async def related(self, article_id: int, limit: int = 3) -> list[Headline]:
        """Other recent articles to suggest after this one, newest first."""
        async with self._db.connection.execute(
            f"SELECT {_HEADLINE_COLUMNS} FROM articles WHERE id != ? AND {_PUBLISHED}"
            " ORDER BY published_at DESC, id DESC LIMIT ?",
            (article_id, limit),
        ) as cursor:
            return [_headline(row) for row in await cursor.fetchall()]

    async def between(
        self, after_id: int, through_id: int, limit: int, sections: str | None = None
    ) -> tuple[list[Headline], int]:
        """Up to `limit` headlines in (after_id, through_id], newest first, and their total:
        what a digest shows. Withdrawn articles are left out (an alert rendered after a
        retraction drops its line), and so are breaking ones (their own alert announced them).
        `sections` is the alert's filter (migration 0016): None, every section; else the ids
        of the followed ones, comma-separated; articles without a section pass either way."""
        return await self._range(after_id, through_id, limit, breaking=False, sections=sections)

    async def breaking_between(
        self, after_id: int, through_id: int, limit: int
    ) -> tuple[list[Headline], int]:
        """Like `between`, for the breaking articles alone: what a breaking alert shows."""
        return await self._range(after_id, through_id, limit, breaking=True)

    async def _range(
        self,
        after_id: int,
        through_id: int,
        limit: int,
        *,
        breaking: bool,
        sections: str | None = None,
    ) -> tuple[list[Headline], int]:
        wanted = (after_id, through_id, int(breaking), sections, sections)
        async with self._db.connection.execute(
            f"SELECT {_HEADLINE_COLUMNS} FROM articles WHERE id > ? AND id <= ? AND {_PUBLISHED}"
            f" AND breaking = ? AND {_IN_SECTIONS} ORDER BY id DESC LIMIT ?",
            (*wanted, limit),
        ) as cursor:
            headlines = [_headline(row) for row in await cursor.fetchall()]
        if len(headlines) < limit:
            return headlines, len(headlines)
        async with self._db.connection.execute(
            f"SELECT count(*) FROM articles WHERE id > ? AND id <= ? AND {_PUBLISHED}"
            f" AND breaking = ? AND {_IN_SECTIONS}",
            wanted,
        ) as cursor:
            row = await cursor.fetchone()
        return headlines, int(row[0]) if row else len(headlines)

    async def correct(
        self,
        article_id: int,
        editor_id: int,
        headline: str,
        body_html: str,
        photo: Photo | None,
        section_id: int | None = None,
    ) -> Revision | None:
        """Make the article read `headline`, `body_html`, `photo` and move it to `section_id`
        (None: it stays in its own), storing the revision (and, at the first correction, the
        original as revision 1) in the same transaction.

        None: there is no such published article (withdrawn ones are not corrected), or nothing
        would change. `updated_at` moves only when the headline or text changed.
        """
        stamp = now()
        async with self._db.transaction() as connection:
            async with connection.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ? AND {_PUBLISHED}",
                (article_id,),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            article = _article(row)
            changes = changes_between(article, headline, body_html, photo, section_id)
            if not changes:
                return None
            async with connection.execute(
                "SELECT max(revision) FROM article_revisions WHERE article_id = ?", (article_id,)
            ) as cursor:
                found = await cursor.fetchone()
            last = found[0] if found and found[0] is not None else None
            if last is None:
                await _insert_revision(connection, _original(article))
                last = 1
            revision = Revision(
                article_id, last + 1, headline, body_html, photo, editor_id, stamp, changes
            )
            await _insert_revision(connection, revision)
            text_changed = "headline" in changes or "body" in changes
            await connection.execute(
                "UPDATE articles SET headline = ?, body_html = ?,"
                f" ({_PHOTO_COLUMNS}, photo_url) = (?, ?, ?, ?, ?, ?),"
                " section_id = coalesce(?, section_id),"
                " updated_at = CASE WHEN ? THEN ? ELSE updated_at END WHERE id = ?",
                (
                    headline,
                    body_html,
                    *_photo_values(photo),
                    section_id,
                    text_changed,
                    stamp,
                    article_id,
                ),
            )
        return revision

    async def history(self, article_id: int) -> list[Revision]:
        """The article's revisions, oldest first: the original alone if it was never corrected;
        empty if there is no such article."""
        async with self._db.connection.execute(
            f"SELECT {_REVISION_COLUMNS} FROM article_revisions WHERE article_id = ?"
            " ORDER BY revision",
            (article_id,),
        ) as cursor:
            revisions = [_revision(row) for row in await cursor.fetchall()]
        if revisions:
            return revisions
        article = await self.get(article_id)
        return [_original(article)] if article else []

    async def retract(self, article_id: int, editor_id: int) -> Article | None:
        """Withdraw the article (kept, with its views and history), recording the withdrawal;
        one already withdrawn keeps its first withdrawal. None: there is no such article."""
        async with self._db.transaction() as connection:
            stamp = now()
            cursor = await connection.execute(
                "UPDATE articles SET retracted_at = ?, retracted_by = ?"
                f" WHERE id = ? AND {_PUBLISHED}",
                (stamp, editor_id, article_id),
            )
            if cursor.rowcount:
                await _insert_withdrawal(connection, article_id, "withdrawn", editor_id, stamp)
            return await _article_in(connection, article_id)

    async def restore(self, article_id: int, editor_id: int) -> Article | None:
        """Publish a withdrawn article again, as it was, recording who did it. None: there is
        no such article."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE articles SET retracted_at = NULL, retracted_by = NULL"
                f" WHERE id = ? AND NOT ({_PUBLISHED})",
                (article_id,),
            )
            if cursor.rowcount:
                await _insert_withdrawal(connection, article_id, "restored", editor_id, now())
            return await _article_in(connection, article_id)

    async def withdrawals(self, article_id: int) -> list[Withdrawal]:
        """The article's withdrawals and restorations, oldest first."""
        async with self._db.connection.execute(
            "SELECT article_id, action, editor_id, created_at, after_revision"
            " FROM article_withdrawals WHERE article_id = ? ORDER BY event_id",
            (article_id,),
        ) as cursor:
            return [Withdrawal(*row) for row in await cursor.fetchall()]

    async def find_by_origin(self, origin: str) -> Article | None:
        """The article published by this update (`message:<chat>:<message id>`), if any."""
        async with self._db.connection.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE origin = ?", (origin,)
        ) as cursor:
            row = await cursor.fetchone()
        return _article(row) if row else None


async def insert_article(
    connection: aiosqlite.Connection,
    headline: str,
    body_html: str,
    author_id: int,
    *,
    origin: str | None,
    photo: Photo | None,
    section_id: int | None = None,
    breaking: bool = False,
    canonical_url: str | None = None,
    feed_entry_id: int | None = None,
) -> Article:
    """Insert an article published now, in the caller's transaction on `connection`: the one
    insert of articles, for publishing at once and for scheduled articles at their time (whose
    row is marked published in the same transaction). Ids grow in publication order.

    `breaking`: published as breaking news, with its delivery round opened in the same
    transaction (`open_breaking_round`), so a crash right after cannot leave it announced
    nowhere; /breaking and a scheduled breaking article at its time alike.

    Its section is `section_id` if that section is live when it is published; otherwise (none
    chosen, or removed since it was chosen) the first live section, and none while there are
    none: decided in the insert itself, so a removal at that moment cannot slip in between.

    `feed_entry_id`: the feed entry an editor took into the draft this article comes from
    (review mode's Edit), which then names the article, so the site's later changes of the
    entry correct it; in the same transaction, so no crash can leave them apart."""
    published = now()
    async with connection.execute(
        "INSERT INTO articles"
        f" (headline, body_html, author_id, created_at, published_at, origin, {_PHOTO_COLUMNS},"
        " photo_url, canonical_url, section_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " coalesce("
        " (SELECT id FROM sections WHERE id = ? AND removed_at IS NULL),"
        " (SELECT id FROM sections WHERE removed_at IS NULL ORDER BY position, id LIMIT 1)))"
        f" RETURNING {_ARTICLE_COLUMNS}",
        (
            headline,
            body_html,
            author_id,
            published,
            published,
            origin,
            *_photo_values(photo),
            canonical_url,
            section_id,
        ),
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    article = _article(row)
    if breaking:
        await connection.execute("UPDATE articles SET breaking = 1 WHERE id = ?", (article.id,))
        await open_breaking_round(connection, article.id)
    if feed_entry_id is not None:
        await connection.execute(
            "UPDATE feed_entries SET article_id = ? WHERE id = ? AND state = 'edited'"
            " AND article_id IS NULL",
            (article.id, feed_entry_id),
        )
    return article


async def _insert_revision(connection: aiosqlite.Connection, revision: Revision) -> None:
    await connection.execute(
        f"INSERT INTO article_revisions ({_REVISION_COLUMNS})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            revision.article_id,
            revision.number,
            revision.headline,
            revision.body_html,
            *(revision.photo.columns() if revision.photo else NO_PHOTO_COLUMNS),
            revision.editor_id,
            revision.created_at,
            ",".join(revision.changes),
        ),
    )


async def _insert_withdrawal(
    connection: aiosqlite.Connection,
    article_id: int,
    action: WithdrawalAction,
    editor_id: int,
    stamp: int,
) -> None:
    """Record a withdrawal or restoration, after the article's latest revision (1: never
    corrected)."""
    await connection.execute(
        "INSERT INTO article_withdrawals"
        " (article_id, action, editor_id, created_at, after_revision)"
        " SELECT ?, ?, ?, ?, coalesce(max(revision), 1)"
        " FROM article_revisions WHERE article_id = ?",
        (article_id, action, editor_id, stamp, article_id),
    )


async def _article_in(connection: aiosqlite.Connection, article_id: int) -> Article | None:
    """The article as the transaction on `connection` sees it."""
    async with connection.execute(
        f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
    ) as cursor:
        row = await cursor.fetchone()
    return _article(row) if row else None


async def _exists(connection: aiosqlite.Connection, article_id: int) -> bool:
    """Whether the article is there (a delivery of a deleted one is not counted)."""
    async with connection.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)) as cursor:
        return await cursor.fetchone() is not None
