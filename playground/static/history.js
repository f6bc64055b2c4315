// Each chat's message history as the page holds it: loaded once when the chat is first opened,
// kept current by events (queued while the load is under way), and filtered to what is shown.

import { api } from "./net.js";
import { world } from "./state.js";

/** Upserts a message unless a newer version (by edit) is already there. */
function storeMessage(history, message) {
  const known = history.messages.get(message.message_id);
  const version = (m) => m.edit_date || m.date || 0;
  if (known && version(known) > version(message)) return false;
  history.messages.set(message.message_id, message);
  return true;
}

function applyToHistory(history, event) {
  if (event.kind === "delete") {
    for (const id of event.message_ids) history.messages.delete(id);
  } else {
    storeMessage(history, event.message);
  }
}

/** Files a message/edit/delete event; false while the chat's history is loading (then queued). */
export function record(event) {
  const history = world.histories.get(event.chat_id);
  if (history && !history.loaded) {
    history.pending.push(event);
    return false;
  }
  if (history) applyToHistory(history, event);
  return true;
}

/** Loads a chat's history once; events arriving meanwhile are queued and applied after it.
 * True when it loaded now (the caller re-renders), false when there was nothing to do. */
export async function loadHistory(chatId) {
  if (world.histories.has(chatId)) return false;
  const history = { loaded: false, messages: new Map(), pending: [] };
  world.histories.set(chatId, history);
  try {
    const messages = await api(`messages?chat_id=${encodeURIComponent(chatId)}`);
    if (world.histories.get(chatId) !== history) return false; // a fresh `state` replaced it meanwhile
    for (const message of messages) storeMessage(history, message);
    for (const event of history.pending) applyToHistory(history, event);
  } catch (error) {
    world.histories.delete(chatId); // opening the chat again tries again
    throw error;
  } finally {
    history.loaded = true;
    history.pending = [];
  }
  return true;
}

/** The forum topic a message belongs to (null: General), as Telegram's clients file it. */
function threadOf(chat, message) {
  if (!chat || !chat.is_forum || !message.message_thread_id) return null;
  const known = (chat.topics || []).some((t) => t.thread_id === message.message_thread_id);
  return known || message.is_topic_message ? message.message_thread_id : null;
}

/** The open chat's messages in the topic shown, oldest first. */
export function shownMessages() {
  const chat = world.chats.get(world.chatId);
  const history = world.histories.get(world.chatId);
  if (!history) return [];
  return [...history.messages.values()]
    .filter((m) => !chat || !chat.is_forum || threadOf(chat, m) === world.threadId)
    .sort((a, b) => a.message_id - b.message_id);
}
