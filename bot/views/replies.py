"""Steps handlers share to answer an update: in its chat's language, in place, as a pop-up.

An answer goes where the update came from: its chat, and in a forum supergroup its topic
(`thread_of`); `context.bot.send_message(chat.id, …)` alone would land in the General topic.
"""

from __future__ import annotations

import time
from dataclasses import replace

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import NewsContext
from bot.news import articles, drafts, scheduling
from bot.news.arguments import Invalid, Missing, parse_article_id
from bot.news.subscriptions import topic_of
from bot.telegram.photos import UrlPhotos
from bot.views.articles import ArticleView, render_article, withdrawal_notice
from bot.views.formatting import format_time
from bot.views.keyboards import reading_keyboard, subscription_keyboard
from storage import Article, NewMessage, Photo, StoredDraft


def thread_of(update: Update) -> int | None:
    """The forum topic an answer to the update goes to: the one its message (or the message
    of its button) is in; None for the General topic and chats without topics."""
    return topic_of(update.effective_message).thread_id or None


async def answer(
    update: Update,
    context: NewsContext,
    text: str,
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send rendered HTML `text` to the update's chat, in its forum topic if it has one."""
    chat = update.effective_chat
    assert chat is not None
    return await context.bot.send_message(
        chat.id, text, reply_markup=reply_markup, message_thread_id=thread_of(update)
    )


async def reply(
    update: Update,
    context: NewsContext,
    key: str,
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    **arguments: object,
) -> Message:
    """Send a catalog message to the update's chat (and topic), in the language of that chat or
    user."""
    language = await context.language(update)
    text = context.translator.html(language, key, **arguments)
    return await answer(update, context, text, reply_markup=reply_markup)


async def alert(update: Update, context: NewsContext, key: str, **arguments: object) -> None:
    """Answer the pressed button with a catalog message in a pop-up."""
    query = update.callback_query
    assert query is not None
    language = await context.language(update)
    await query.answer(context.translator.plain(language, key, **arguments), show_alert=True)


async def edit_in_place(
    query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace a button's message; a repeated tap asking for what is shown is not an error."""
    try:
        await query.edit_message_text(text, reply_markup=reply_markup)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


async def send_article(update: Update, context: NewsContext, article_id: int) -> None:
    """Deliver the article to the update's chat and topic (a view once every part is sent),
    or say that it does not exist or when it was withdrawn."""
    chat = update.effective_chat
    assert chat is not None
    language = await context.language(update)
    thread_id = thread_of(update)

    async def deliver(reading: articles.Reading) -> None:
        await show_article(
            context,
            chat.id,
            reading.article,
            language=language,
            related_keyboard=reading_keyboard(
                reading.related,
                site_url=reading.article.canonical_url,
                site_label=context.translator.plain(language, "button-open-on-site"),
            ),
            chat_kind=chat.type,
            thread_id=thread_id,
        )

    outcome = await articles.read(context.storage, article_id, chat.id, deliver)
    if outcome is None:
        await reply(update, context, "read-not-found", id=str(article_id))
    elif isinstance(outcome, articles.Withdrawn):
        notice = withdrawal_notice(
            outcome.article, context.translator, language, context.settings.zone
        )
        await context.bot.send_message(chat.id, notice, message_thread_id=thread_id)


async def show_article(
    context: NewsContext,
    chat_id: int,
    article: Article,
    *,
    language: str,
    related_keyboard: InlineKeyboardMarkup | None,
    chat_kind: str | None = None,
    thread_id: int | None = None,
) -> None:
    """Send an article as readers get it (/read, deep links, "Read also", the draft preview):
    its photo with the caption first, if any, then the text; "Read also" (`related_keyboard`)
    closes it when given. With `chat_kind`, every part is tracked for corrections; with
    `thread_id`, every part goes to that forum topic."""
    view = render_article(
        article,
        with_related=related_keyboard is not None,
        translator=context.translator,
        language=language,
        zone=context.settings.zone,
    )
    track = None
    if chat_kind is not None:
        track = NewMessage(chat_id, 0, chat_kind, "read", (article.id,), language)
    await _send_view(context, chat_id, view, related_keyboard, track, thread_id, article.id)


async def _send_view(
    context: NewsContext,
    chat_id: int,
    view: ArticleView,
    keyboard: InlineKeyboardMarkup | None,
    track: NewMessage | None,
    thread_id: int | None,
    article_id: int,
) -> None:
    head: int | None = None

    async def tracked(message: Message, part: int, photo: Photo | None = None) -> None:
        # Right after each part is sent: a crash between the send and this loses only the
        # tracking of that one part (it is then never corrected), never a message.
        nonlocal head
        head = message.message_id if head is None else head
        if track is not None:
            await context.storage.messages.track(
                [
                    replace(
                        track,
                        message_id=message.message_id,
                        part=part,
                        head_message_id=head,
                        is_photo=photo is not None,
                        photo_unique_id=photo.unique_id if photo else None,
                    )
                ]
            )

    # The photo by its file_id: Telegram sends the stored file again, nothing is uploaded. A
    # feed's photo known by URL alone goes by URL, and its file_id is kept (issue 12); a URL
    # Telegram cannot fetch leaves the caption as a text message.
    url_photos = UrlPhotos(context.storage)
    if view.photo is not None:
        markup = None if view.messages else keyboard
        try:
            sent = await context.bot.send_photo(
                chat_id,
                view.photo.file_id,
                caption=view.caption,
                reply_markup=markup,
                message_thread_id=thread_id,
            )
        except BadRequest as error:
            if not await url_photos.failed(article_id, view.photo, error):
                raise
            sent = await context.bot.send_message(
                chat_id, view.caption or "", reply_markup=markup, message_thread_id=thread_id
            )
            await tracked(sent, 0)
        else:
            await url_photos.sent(article_id, view.photo, sent)
            await tracked(sent, 0, view.photo)
    offset = 0 if view.photo is None else 1
    for index, text in enumerate(view.messages):
        is_last = index == len(view.messages) - 1
        sent = await context.bot.send_message(
            chat_id, text, reply_markup=keyboard if is_last else None, message_thread_id=thread_id
        )
        await tracked(sent, index + offset)


async def subscription_buttons(update: Update, context: NewsContext) -> InlineKeyboardMarkup:
    """Subscribe or Unsubscribe, whichever changes the state of this chat (or of the forum topic
    the update is in), for /start and /settings."""
    chat = update.effective_chat
    assert chat is not None
    topic = topic_of(update.effective_message)
    subscription = await context.storage.subscriptions.get(chat.id, topic.thread_id)
    return subscription_keyboard(
        context.translator,
        await context.language(update),
        subscribed=subscription is not None and subscription.active,
    )


async def article_id_argument(
    update: Update, context: NewsContext, arguments: list[str], usage_key: str
) -> int | None:
    """The article id an editor's command names (`/edit 12`); None once the editor was told
    what is wrong (`usage_key` when there is none, or that it is not a number)."""
    parsed = parse_article_id(arguments)
    if isinstance(parsed, Missing):
        await reply(update, context, usage_key)
        return None
    if isinstance(parsed, Invalid):
        await reply(update, context, "article-bad-id", value=parsed.value[:64])
        return None
    return parsed


async def preview_decided(
    update: Update,
    context: NewsContext,
    draft: StoredDraft | None,
    *,
    publish: bool,
    gone: str,
    cancelled: str,
) -> StoredDraft | None:
    """Publish / Cancel pressed under the preview of `draft` (a new article's or a correction's):
    the draft to publish now, or None once the editor was told it is gone (`gone`, in a pop-up:
    no such draft, or it changed since the preview) or discarded (`cancelled`).

    The buttons are taken off first, so one preview is decided once."""
    query = update.callback_query
    assert query is not None
    if draft is None or draft.step != "preview":
        await alert(update, context, gone)
        return None
    await query.answer()
    await query.edit_message_reply_markup(None)
    if not publish:
        await drafts.discard(context.storage, draft.chat_id, draft.editor_id)
        await reply(update, context, cancelled)
        return None
    return draft


async def take_time(update: Update, context: NewsContext, draft: StoredDraft, text: str) -> None:
    """`text` is the time the draft waits for (its step "schedule", or `/schedule <when>`):
    schedule the draft or move the article it reschedules, and say when; or why not."""
    message = update.effective_message
    assert message is not None
    outcome = await scheduling.take_time(
        context.storage,
        draft,
        text,
        time.time(),
        context.settings.zone,
        origin=articles.message_origin(message.chat.id, message.message_id),
    )
    await report_scheduling(update, context, outcome)


async def report_scheduling(
    update: Update,
    context: NewsContext,
    outcome: scheduling.Scheduled | scheduling.Rescheduled | articles.Problem,
) -> None:
    """Tell the editor when their article is to be published (scheduled, or moved to a new
    time), in TIMEZONE; or why not (a refused time is explained with the forms and the zone)."""
    zone = context.settings.timezone
    if isinstance(outcome, articles.Problem):
        await reply(update, context, outcome.key, zone=zone, **outcome.arguments)
        return
    scheduled = outcome.scheduled
    if isinstance(outcome, scheduling.Rescheduled):
        key = "reschedule-done"
    else:  # a breaking one says how it will go out (issue 11)
        key = "schedule-done-breaking" if scheduled.breaking else "schedule-done"
    await reply(
        update,
        context,
        key,
        scheduled=scheduling.label(scheduled.id),
        when=format_time(scheduled.publish_at, context.settings.zone),
        zone=zone,
        headline=scheduled.headline,
    )
