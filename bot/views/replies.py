"""Steps handlers share to answer an update: in its chat's language, in place, as a pop-up."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import NewsContext
from bot.news import articles
from bot.views.articles import article_messages
from bot.views.keyboards import related_keyboard, subscription_keyboard


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
        messages = article_messages(
            reading.article,
            with_related=bool(reading.related),
            translator=context.translator,
            language=language,
            zone=context.settings.zone,
        )
        keyboard = related_keyboard(reading.related)
        for index, text in enumerate(messages):
            is_last = index == len(messages) - 1
            await context.bot.send_message(
                chat.id, text, reply_markup=keyboard if is_last else None
            )

    if await articles.read(context.storage, article_id, chat.id, deliver) is None:
        await reply(update, context, "read-not-found", id=str(article_id))


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
