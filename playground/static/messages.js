// The open chat's messages on the page: day separators, bubbles (sender, "via @bot", reply
// header, photo, document, text, time, keyboard) and service lines; a whole re-render or one
// edit in place.

import { $, el } from "./ui.js";
import { currentPersona, world } from "./state.js";
import { shownMessages } from "./history.js";
import { renderText } from "./entities.js";
import { renderKeyboard } from "./keyboards.js";

// What taps inside a message do: `followUrl(url)` and `sendText(text)`. They open chats and
// send messages, which re-render this module's output, so app.js hands them in (no import cycle).
let taps = { followUrl: async () => {}, sendText: async () => {} };

export function setTaps(handlers) {
  taps = handlers;
}

function dayOf(message) {
  return new Date(message.date * 1000).toDateString();
}

/** Re-renders the open chat, keeping the view pinned to the bottom if it was there. */
export function renderMessages() {
  const pane = $("messages");
  const pinned = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 40;
  const history = world.histories.get(world.chatId);
  pane.replaceChildren();
  if (history && !history.loaded) pane.append(el("div", "empty muted", "Loading…"));
  let lastDay = null;
  for (const message of shownMessages()) {
    const day = dayOf(message);
    if (day !== lastDay) pane.append(el("div", "day", day));
    lastDay = day;
    pane.append(renderMessage(world.chatId, message));
  }
  if (history && history.loaded && !pane.children.length) {
    pane.append(el("div", "empty muted", "No messages yet."));
  }
  if (pinned) pane.scrollTop = pane.scrollHeight;
}

/** Applies an edit in place: the same bubble, new content (keeps scroll position and order). */
export function replaceRendered(chatId, message) {
  const old = document.querySelector(`[data-testid="message-${chatId}-${message.message_id}"]`);
  if (old) old.replaceWith(renderMessage(chatId, message));
  return Boolean(old);
}

function senderName(message) {
  if (message.sender_chat) return message.sender_chat.title || "";
  if (message.from) return [message.from.first_name, message.from.last_name].filter(Boolean).join(" ");
  return "";
}

/** Whether the message is the current persona's own (shown on the right). */
function isOwn(message) {
  const persona = currentPersona();
  return Boolean(persona && message.from && message.from.id === persona.user_id && !message.sender_chat);
}

function formatTime(seconds) {
  const options = { hour: "2-digit", minute: "2-digit", hour12: false };
  return new Date(seconds * 1000).toLocaleTimeString([], options);
}

/** What a service message (no text, no media) says, as Telegram's clients put it; or null. */
function serviceText(message) {
  const who = senderName(message);
  const names = (users) => users.map((u) => u.first_name).join(", ");
  const topic = message.forum_topic_created;
  if (topic) return `${who} created the topic “${topic.name}”`;
  if (message.migrate_to_chat_id) return "The group was upgraded to a supergroup";
  if (message.migrate_from_chat_id) return "Upgraded from a group";
  if (message.group_chat_created || message.supergroup_chat_created) return `${who} created the group`;
  if (message.channel_chat_created) return "Channel created";
  if (message.new_chat_members) return `${names(message.new_chat_members)} joined`;
  if (message.left_chat_member) return `${message.left_chat_member.first_name} left`;
  if (message.new_chat_title) return `${who} renamed the chat to “${message.new_chat_title}”`;
  if (message.pinned_message) return `${who} pinned a message`;
  return null;
}

function hasContent(message) {
  return message.text !== undefined || message.caption !== undefined
    || Boolean(message.photo && message.photo.length) || Boolean(message.document);
}

function renderService(chatId, message, text) {
  const row = el("div", "service", text);
  row.dataset.testid = `message-${chatId}-${message.message_id}`;
  return row;
}

function renderMessage(chatId, message) {
  const service = hasContent(message) ? null : serviceText(message);
  if (service) return renderService(chatId, message, service);
  const own = isOwn(message);
  const chat = world.chats.get(chatId);
  const row = el("div", `message ${own ? "own" : "theirs"}`);
  row.dataset.testid = `message-${chatId}-${message.message_id}`;
  if (message.edit_date) row.dataset.edited = "1";
  const bubble = el("div", "bubble");
  // In groups, say who wrote it (a private chat has only the bot and the persona).
  if (!own && chat && chat.type !== "private") bubble.append(el("div", "sender", senderName(message)));
  // A result posted from inline mode names the bot it came through, as Telegram shows it.
  if (message.via_bot) bubble.append(el("div", "via", `via @${message.via_bot.username}`));
  // In a forum, a topic's messages "reply" to the topic's first message: not a reply to show.
  const replied = message.reply_to_message;
  if (replied && !(message.is_topic_message && replied.message_id === message.message_thread_id)) {
    bubble.append(renderReplyHeader(replied));
  }
  if (message.photo && message.photo.length) bubble.append(renderPhoto(message.photo));
  if (message.document) bubble.append(renderDocument(message.document));
  if (message.text !== undefined) bubble.append(renderText(message.text, message.entities, taps));
  if (message.caption !== undefined) {
    bubble.append(renderText(message.caption, message.caption_entities, taps));
  }
  const meta = el("div", "meta");
  if (message.edit_date) meta.append(el("span", "edited", "edited"));
  const time = el("time", null, formatTime(message.date));
  time.title = new Date(message.date * 1000).toLocaleString();
  meta.append(time);
  bubble.append(meta);
  row.append(bubble);
  const keyboard = message.reply_markup && message.reply_markup.inline_keyboard;
  if (keyboard) row.append(renderKeyboard(chatId, message, keyboard, taps));
  return row;
}

function renderReplyHeader(replied) {
  const quote = el("div", "reply-to");
  quote.append(el("b", null, senderName(replied)));
  const snippet = (replied.text || replied.caption || (replied.photo ? "Photo" : "…")).slice(0, 80);
  quote.append(el("div", null, snippet));
  return quote;
}

function renderPhoto(sizes) {
  // PhotoSize arrays come smallest first; show the largest.
  const area = (size) => (size.width || 0) * (size.height || 0);
  const largest = sizes.reduce((a, b) => (area(b) >= area(a) ? b : a));
  const img = el("img", "photo");
  img.alt = "photo";
  img.loading = "lazy";
  img.src = `/api/files/${encodeURIComponent(largest.file_id)}`;
  return img;
}

function renderDocument(document_) {
  const row = el("div", "document");
  row.append(el("span", "document-icon", "📄"));
  const names = el("span");
  names.append(el("div", "document-name", document_.file_name || "file"));
  const size = document_.file_size ? `${Math.max(1, Math.round(document_.file_size / 1024))} KB` : "";
  names.append(el("div", "muted", [document_.mime_type, size].filter(Boolean).join(" · ")));
  row.append(names);
  return row;
}
