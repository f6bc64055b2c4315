"""Steps handlers share to answer an update: in its chat's language, in place, as a pop-up."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import NewsContext
from bot.news import articles
from bot.views.articles import ArticleView, render_article
from bot.views.keyboards import related_keyboard, subscription_keyboard
from storage import Article


async def reply(
    update: Update,
    context: NewsContext,
    key: str,
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    **arguments: object,
) -> Message:
    """Send a catalog message to the update's chat, in the language of that chat or user."""
    language = await context.language(update)
    chat = update.effective_chat
    assert chat is not None
    return await context.bot.send_message(
        chat.id, context.translator.html(language, key, **arguments), reply_markup=reply_markup
    )


async def alert(update: Update, context: NewsContext, key: str) -> None:
    """Answer the pressed button with a catalog message in a pop-up."""
    query = update.callback_query
    assert query is not None
    language = await context.language(update)
    await query.answer(context.translator.plain(language, key), show_alert=True)


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
    """Deliver the article to the update's chat (a view once every part is sent), or say that
    it does not exist."""
    chat = update.effective_chat
    assert chat is not None
    language = await context.language(update)

    async def deliver(reading: articles.Reading) -> None:
        await show_article(
            context,
            chat.id,
            reading.article,
            language=language,
            related_keyboard=related_keyboard(reading.related),
        )

    if await articles.read(context.storage, article_id, chat.id, deliver) is None:
        await reply(update, context, "read-not-found", id=str(article_id))


async def show_article(
    context: NewsContext,
    chat_id: int,
    article: Article,
    *,
    language: str,
    related_keyboard: InlineKeyboardMarkup | None,
) -> None:
    """Send an article as readers get it (/read, deep links, "Read also", the draft preview):
    its photo with the caption first, if any, then the text; "Read also" (`related_keyboard`)
    closes it when given."""
    view = render_article(
        article,
        with_related=related_keyboard is not None,
        translator=context.translator,
        language=language,
        zone=context.settings.zone,
    )
    await _send_view(context, chat_id, view, related_keyboard)


async def _send_view(
    context: NewsContext, chat_id: int, view: ArticleView, keyboard: InlineKeyboardMarkup | None
) -> None:
    # The photo by its file_id: Telegram sends the stored file again, nothing is uploaded.
    if view.photo is not None:
        await context.bot.send_photo(
            chat_id,
            view.photo.file_id,
            caption=view.caption,
            reply_markup=None if view.messages else keyboard,
        )
    for index, text in enumerate(view.messages):
        is_last = index == len(view.messages) - 1
        await context.bot.send_message(chat_id, text, reply_markup=keyboard if is_last else None)


async def subscription_buttons(update: Update, context: NewsContext) -> InlineKeyboardMarkup:
    """Subscribe or Unsubscribe, whichever changes this chat's state (for /start and /settings)."""
    chat = update.effective_chat
    assert chat is not None
    subscription = await context.storage.subscriptions.get(chat.id)
    return subscription_keyboard(
        context.translator,
        await context.language(update),
        subscribed=subscription is not None and subscription.active,
    )
