"""Feeds (issue 12), for editors only: /feeds (each feed with its section, mode, last success and
last error, and Pause / Resume / Remove buttons), /addfeed <url> [#section] [review],
/removefeed <id>, /pausefeed <id> (pauses, or resumes a paused feed), and review mode's
Publish / Edit / Skip under a feed entry's preview (bot/feeds/review.py sends those)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.access import editor_only
from bot.context import NewsContext
from bot.feeds import manage, review
from bot.news.articles import Problem
from bot.telegram.html import split_html
from bot.views.callbacks import FeedAction, FeedReview, pressed
from bot.views.feeds import feeds_keyboard, feeds_text
from bot.views.replies import alert, answer, edit_in_place, reply
from storage import Article


async def _feeds_view(
    context: NewsContext, language: str
) -> tuple[list[str], InlineKeyboardMarkup | None]:
    """/feeds as it is now: its messages (a long list takes several) and the buttons."""
    feeds = await context.storage.feeds.live()
    text = feeds_text(
        feeds,
        await context.storage.sections.live(),
        translator=context.translator,
        language=language,
        zone=context.settings.zone,
    )
    return split_html(text), feeds_keyboard(feeds, context.translator, language)


async def _send_feeds(update: Update, context: NewsContext) -> None:
    """Send /feeds as new messages, the buttons under the last."""
    parts, keyboard = await _feeds_view(context, await context.language(update))
    for index, part in enumerate(parts):
        await answer(
            update, context, part, reply_markup=keyboard if index == len(parts) - 1 else None
        )


def _poke(context: NewsContext) -> None:
    """A feed was added or resumed: the poller looks at once."""
    if context.services.feeds is not None:
        context.services.feeds.poke()


@editor_only
async def feeds_command(update: Update, context: NewsContext) -> None:
    """/feeds: every feed with its state and buttons."""
    await _send_feeds(update, context)


@editor_only
async def addfeed_command(update: Update, context: NewsContext) -> None:
    """/addfeed <url> [#section] [review]: poll a feed from now on."""
    user = update.effective_user
    assert user is not None
    added = await manage.add(context.storage, list(context.args or []), user.id)
    if isinstance(added, Problem):
        await reply(update, context, added.key, **added.arguments)
        return
    _poke(context)
    language = await context.language(update)
    await reply(
        update,
        context,
        "addfeed-done",
        id=str(added.id),
        url=added.url,
        mode=context.translator.plain(language, f"feed-mode-{added.mode}"),
    )


@editor_only
async def removefeed_command(update: Update, context: NewsContext) -> None:
    """/removefeed <id>: stop polling a feed for good (its articles stay)."""
    feed = manage.feed_id(list(context.args or []), "/removefeed")
    problem = feed if isinstance(feed, Problem) else await manage.remove(context.storage, feed)
    if problem is not None:
        await reply(update, context, problem.key, **problem.arguments)
        return
    await reply(update, context, "removefeed-done", id=str(feed))


@editor_only
async def pausefeed_command(update: Update, context: NewsContext) -> None:
    """/pausefeed <id>: pause a feed, or resume a paused one."""
    feed = manage.feed_id(list(context.args or []), "/pausefeed")
    paused = feed if isinstance(feed, Problem) else await manage.toggle_pause(context.storage, feed)
    if isinstance(paused, Problem):
        await reply(update, context, paused.key, **paused.arguments)
        return
    if not paused:
        _poke(context)
    await reply(update, context, "pausefeed-done" if paused else "resumefeed-done", id=str(feed))


@editor_only
async def feed_button(update: Update, context: NewsContext) -> None:
    """Pause / Resume / Remove under /feeds: done, and the list edited to show it."""
    query, button = pressed(update, FeedAction)
    if button.action == "remove":
        problem = await manage.remove(context.storage, button.feed_id)
    else:
        problem = await manage.set_paused(context.storage, button.feed_id, button.action == "pause")
        if problem is None and button.action == "resume":
            _poke(context)
    if problem is not None:
        await alert(update, context, problem.key, **problem.arguments)
    else:
        await query.answer()
    parts, keyboard = await _feeds_view(context, await context.language(update))
    if len(parts) == 1:
        await edit_in_place(query, parts[0], keyboard)
    else:  # a list that takes several messages is sent again, whole
        await _send_feeds(update, context)


@editor_only
async def review_button(update: Update, context: NewsContext) -> None:
    """Publish / Edit / Skip under a feed entry's preview: the first editor's press decides;
    the preview loses its buttons and the editor is told what happened."""
    query, button = pressed(update, FeedReview)
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    storage = context.storage
    outcome: Article | Problem | None
    if button.decision == "publish":
        outcome = await review.publish(storage, button.entry_id, user.id)
        if not isinstance(outcome, Problem):
            context.services.delivery.request_round()
    elif button.decision == "skip":
        outcome = await review.skip(storage, button.entry_id, user.id)
    else:
        language = await context.language(update)
        outcome = await review.edit(storage, button.entry_id, user.id, chat.id, language)
    if isinstance(outcome, Problem):
        await alert(update, context, outcome.key, **outcome.arguments)
        await query.edit_message_reply_markup(None)
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    if outcome is not None:  # published
        await reply(update, context, "feed-review-published", id=str(outcome.id))
    else:
        key = "feed-review-skipped" if button.decision == "skip" else "feed-review-edit"
        await reply(update, context, key)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /feeds, /addfeed, /removefeed, /pausefeed and the feeds' buttons."""
    messages = filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("feeds", feeds_command, filters=messages))
    application.add_handler(CommandHandler("addfeed", addfeed_command, filters=messages))
    application.add_handler(CommandHandler("removefeed", removefeed_command, filters=messages))
    application.add_handler(CommandHandler("pausefeed", pausefeed_command, filters=messages))
    application.add_handler(CallbackQueryHandler(feed_button, pattern=FeedAction.matches))
    application.add_handler(CallbackQueryHandler(review_button, pattern=FeedReview.matches))
