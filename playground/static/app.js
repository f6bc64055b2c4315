// newsbot playground page: a small Telegram-like client over the playground's HTTP API.
//
// Data flow: one EventSource('/api/events') brings everything live (its first event, and the first
// after every reconnect, is a full `state` snapshot that rebuilds the page); the page only fetches
// a chat's history when it is opened and the command menu when "/" is typed. No polling.
//
// Safety: message text is untrusted (anyone can type `<img onerror=…>`): it is only ever put into
// the page with textContent / createElement, never innerHTML.

const CALLS_LOG_LIMIT = 500; // rows kept in the operator's calls log (older ones dropped)
const RATE_WINDOW_SECONDS = 60; // the sends-per-second chart shows the last minute
const TOAST_MS = 3500;
const PHOTO_LIMIT = 10 * 1024 * 1024; // Telegram's upload limits for bots, as the server enforces
const DOCUMENT_LIMIT = 20 * 1024 * 1024;
const DOCUMENT_EXTENSIONS = [".txt", ".md", ".html"]; // what the bot takes as article text

/** Everything the page knows; rebuilt from each `state` event. */
const world = {
  bot: null,
  personas: [],
  chats: new Map(), // chat id -> ChatView
  subscribers: 0,
  knobs: {},
  persona: "editor", // key of the persona the page acts as
  chatId: null, // the open chat
  threadId: null, // forum topic shown (null: General)
  histories: new Map(), // chat id -> {loaded, messages: Map(id -> Message), pending: [events]}
  unread: new Map(), // chat id -> count of messages arrived while not open
  commands: new Map(), // "chat:persona" -> [{command, description}]
  rate: [], // [{time, sent, refused}], oldest first
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------------
// Small DOM and HTTP helpers

/** Creates an element with a class and text (text via textContent: never parsed as HTML). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** POSTs (or GETs without a body) the playground API; returns `result` or throws its description. */
async function api(path, body) {
  const init = body === undefined
    ? {}
    : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(`/api/${path}`, init);
  let reply;
  try {
    reply = await response.json();
  } catch {
    throw new Error(`${path}: HTTP ${response.status}`);
  }
  if (!reply.ok) throw new Error(reply.description || `${path}: HTTP ${response.status}`);
  return reply.result;
}

/** Runs an async action, showing its failure as a toast instead of an unhandled rejection. */
function guarded(action) {
  return (...args) => action(...args).catch((error) => toast(error.message));
}

let toastTimer = null;
function toast(text) {
  const node = $("toast");
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, TOAST_MS);
}

function showDialog(text) {
  $("dialog-text").textContent = text;
  const dialog = $("dialog");
  if (!dialog.open) dialog.showModal();
}

// ---------------------------------------------------------------------------------------------
// Who is looking: persona, chats visible to them

function currentPersona() {
  return world.personas.find((p) => p.key === world.persona) || world.personas[0];
}

function visibleChats() {
  return [...world.chats.values()].filter((chat) => chat.visible_to.includes(world.persona));
}

/** The persona's private chat with the bot (chat id = the persona's user id). */
function privateChat() {
  const persona = currentPersona();
  return persona ? world.chats.get(persona.user_id) : undefined;
}

function chatTitle(chat) {
  // In a private chat the persona talks to the bot: Telegram titles it with the bot's name.
  if (chat.type === "private") return world.bot ? world.bot.first_name : "bot";
  return chat.title || String(chat.id);
}

function plural(count, noun) {
  return `${count.toLocaleString("en")} ${noun}${count === 1 ? "" : "s"}`;
}

function chatSubtitle(chat) {
  if (chat.type === "private") return world.bot ? `@${world.bot.username} · bot` : "bot";
  const kind = chat.type === "channel" ? "channel" : chat.is_forum ? "forum" : "group";
  const parts = [chat.username ? `@${chat.username}` : String(chat.id), kind];
  if (chat.members) parts.push(plural(chat.members.length, "member"));
  return parts.join(" · ");
}

// ---------------------------------------------------------------------------------------------
// Left column

function renderPersonas() {
  for (const button of document.querySelectorAll("[data-persona]")) {
    button.classList.toggle("active", button.dataset.persona === world.persona);
  }
  const persona = currentPersona();
  for (const button of document.querySelectorAll("[data-language]")) {
    button.classList.toggle("active", Boolean(persona) && button.dataset.language === persona.language);
  }
}

function chatIcon(chat) {
  if (chat.type === "private") return "🤖";
  if (chat.type === "channel") return "📢";
  return chat.is_forum ? "🗂" : "👥";
}

function renderChatList() {
  const list = $("chat-list");
  list.replaceChildren();
  for (const chat of visibleChats()) {
    const item = el("li", "chat-item");
    item.dataset.testid = `chat-${chat.id}`;
    item.tabIndex = 0;
    item.classList.toggle("active", chat.id === world.chatId);
    item.classList.toggle("migrated", Boolean(chat.migrated_to));
    item.append(el("span", "chat-icon", chatIcon(chat)));
    const names = el("span", "chat-names");
    names.append(el("span", "chat-name", chatTitle(chat)));
    let note = chatSubtitle(chat);
    if (chat.migrated_to) note = "upgraded to a supergroup";
    else if (chat.blocked) note = "bot blocked";
    names.append(el("span", "chat-meta muted", note));
    item.append(names);
    const unread = world.unread.get(chat.id) || 0;
    if (unread) item.append(el("span", "badge", unread));
    item.addEventListener("click", () => openChat(chat.id));
    item.addEventListener("keydown", (event) => { if (event.key === "Enter") openChat(chat.id); });
    list.append(item);
  }
}

// ---------------------------------------------------------------------------------------------
// Centre: header, topic bar, composer state

function renderChatHead() {
  const chat = world.chats.get(world.chatId);
  $("chat-title").textContent = chat ? chatTitle(chat) : "No chat";
  $("chat-subtitle").textContent = chat ? chatSubtitle(chat) : "";
  renderTopicBar(chat);
  renderComposerState(chat);
}

function renderTopicBar(chat) {
  const bar = $("topic-bar");
  bar.replaceChildren();
  bar.hidden = !(chat && chat.is_forum);
  if (bar.hidden) return;
  const topics = [{ thread_id: null, name: "General" }, ...(chat.topics || [])];
  for (const topic of topics) {
    const button = el("button", "topic", `# ${topic.name}`);
    button.type = "button";
    button.dataset.testid = topic.thread_id === null ? "topic-general" : `topic-${topic.thread_id}`;
    button.classList.toggle("active", topic.thread_id === world.threadId);
    button.addEventListener("click", () => {
      world.threadId = topic.thread_id;
      renderTopicBar(chat);
      renderMessages();
    });
    bar.append(button);
  }
}

/** Channels and upgraded groups are read-only: no composer, a note instead. */
function renderComposerState(chat) {
  const note = $("chat-note");
  const form = $("composer-form");
  let text = "";
  if (!chat) text = "Pick a chat on the left.";
  else if (chat.migrated_to) text = "This group was upgraded to a supergroup: open the new one on the left.";
  else if (chat.read_only) text = "Channel: only the bot posts here.";
  form.hidden = Boolean(text);
  if (!text && chat && chat.blocked) text = "You blocked the bot: its messages to you fail with 403.";
  note.textContent = text;
  note.hidden = !text;
  hideCommandMenu();
}

// ---------------------------------------------------------------------------------------------
// Messages: history per chat, applied events, rendering

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

/** Loads a chat's history once; events arriving meanwhile are queued and applied after it. */
async function loadHistory(chatId) {
  if (world.histories.has(chatId)) return;
  const history = { loaded: false, messages: new Map(), pending: [] };
  world.histories.set(chatId, history);
  try {
    const messages = await api(`messages?chat_id=${encodeURIComponent(chatId)}`);
    if (world.histories.get(chatId) !== history) return; // a fresh `state` replaced it meanwhile
    for (const message of messages) storeMessage(history, message);
    for (const event of history.pending) applyToHistory(history, event);
  } catch (error) {
    world.histories.delete(chatId); // opening the chat again tries again
    throw error;
  } finally {
    history.loaded = true;
    history.pending = [];
  }
  if (chatId === world.chatId) renderMessages();
}

/** The forum topic a message belongs to (null: General), as Telegram's clients file it. */
function threadOf(chat, message) {
  if (!chat || !chat.is_forum || !message.message_thread_id) return null;
  const known = (chat.topics || []).some((t) => t.thread_id === message.message_thread_id);
  return known || message.is_topic_message ? message.message_thread_id : null;
}

function shownMessages() {
  const chat = world.chats.get(world.chatId);
  const history = world.histories.get(world.chatId);
  if (!history) return [];
  return [...history.messages.values()]
    .filter((m) => !chat || !chat.is_forum || threadOf(chat, m) === world.threadId)
    .sort((a, b) => a.message_id - b.message_id);
}

function dayOf(message) {
  return new Date(message.date * 1000).toDateString();
}

/** Re-renders the open chat, keeping the view pinned to the bottom if it was there. */
function renderMessages() {
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
function replaceRendered(chatId, message) {
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
  // In a forum, a topic's messages "reply" to the topic's first message: not a reply to show.
  const replied = message.reply_to_message;
  if (replied && !(message.is_topic_message && replied.message_id === message.message_thread_id)) {
    bubble.append(renderReplyHeader(replied));
  }
  if (message.photo && message.photo.length) bubble.append(renderPhoto(message.photo));
  if (message.document) bubble.append(renderDocument(message.document));
  if (message.text !== undefined) bubble.append(renderText(message.text, message.entities));
  if (message.caption !== undefined) bubble.append(renderText(message.caption, message.caption_entities));
  const meta = el("div", "meta");
  if (message.edit_date) meta.append(el("span", "edited", "edited"));
  const time = el("time", null, formatTime(message.date));
  time.title = new Date(message.date * 1000).toLocaleString();
  meta.append(time);
  bubble.append(meta);
  row.append(bubble);
  const keyboard = message.reply_markup && message.reply_markup.inline_keyboard;
  if (keyboard) row.append(renderKeyboard(chatId, message, keyboard));
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

// ---------------------------------------------------------------------------------------------
// Text with entities. Offsets and lengths are UTF-16 code units, exactly what JS string indices
// are, so slicing needs no conversion. Entities nest (bold inside a link, a quote holding bold):
// sorted by start (longer first), each entity takes the ones that start inside it as children.

function renderText(text, entities) {
  const container = el("div", "text");
  const sorted = [...(entities || [])]
    .filter((e) => e.length > 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  renderRange(text, 0, text.length, sorted, container);
  return container;
}

function renderRange(text, start, end, entities, parent) {
  let position = start;
  let index = 0;
  while (index < entities.length) {
    const entity = entities[index];
    const entityEnd = entity.offset + entity.length;
    let next = index + 1;
    while (next < entities.length && entities[next].offset < entityEnd) next += 1;
    // Clip to the parent: Telegram's entities nest, but a malformed overlap must not duplicate text.
    const from = Math.max(entity.offset, position);
    const to = Math.min(entityEnd, end);
    if (from < to) {
      parent.append(text.slice(position, from));
      const node = entityElement(entity, text.slice(entity.offset, entityEnd));
      renderRange(text, from, to, entities.slice(index + 1, next), node.inner || node);
      parent.append(node.outer || node);
      position = to;
    }
    index = next;
  }
  if (position < end) parent.append(text.slice(position, end));
}

/** The element for one entity; `{outer, inner}` where the text goes into a nested element. */
function entityElement(entity, covered) {
  switch (entity.type) {
    case "bold": return el("b");
    case "italic": return el("i");
    case "underline": return el("u");
    case "strikethrough": return el("s");
    case "code": return el("code");
    case "spoiler": return spoiler();
    case "pre": return preformatted(entity.language);
    case "blockquote": return el("blockquote");
    case "expandable_blockquote": return expandableQuote();
    case "text_link": return link(entity.url);
    case "url": return link(/^[a-z]+:/i.test(covered) ? covered : `http://${covered}`);
    case "email": return link(`mailto:${covered}`);
    case "mention": return link(`https://t.me/${covered.slice(1)}`);
    case "bot_command": return command(covered);
    case "hashtag": case "cashtag": return el("span", "hashtag");
    case "text_mention": return el("span", "mention");
    default: return el("span", `entity-${entity.type}`);
  }
}

function spoiler() {
  const node = el("span", "spoiler");
  node.title = "Spoiler: click to show";
  node.addEventListener("click", (event) => {
    // The first click only reveals, as in Telegram; a link inside works once revealed.
    if (!node.classList.contains("revealed")) {
      event.preventDefault();
      event.stopPropagation();
      node.classList.add("revealed");
    }
  });
  return node;
}

function preformatted(language) {
  const outer = el("pre");
  const inner = el("code");
  if (language) inner.dataset.language = language;
  outer.append(inner);
  return { outer, inner };
}

function expandableQuote() {
  const node = el("blockquote", "expandable");
  node.addEventListener("click", () => node.classList.toggle("expanded"));
  return node;
}

function link(url) {
  const node = el("a");
  // Only harmless schemes in href (a `javascript:` text_link must do nothing, even opened in a
  // new tab); a click never navigates anyway: followUrl decides.
  node.href = /^(https?|tg|mailto):/i.test(url) ? url : "#";
  node.title = url;
  node.rel = "noopener noreferrer";
  node.addEventListener("click", (event) => {
    event.preventDefault();
    followUrl(url);
  });
  return node;
}

/** A tapped /command is sent, as Telegram's clients do. */
function command(text) {
  const node = el("a", "command");
  node.href = "#";
  node.addEventListener("click", (event) => {
    event.preventDefault();
    guarded(sendText)(text);
  });
  return node;
}

// ---------------------------------------------------------------------------------------------
// Inline keyboards, URLs and deep links

function renderKeyboard(chatId, message, rows) {
  const keyboard = el("div", "keyboard");
  rows.forEach((row, rowIndex) => {
    const line = el("div", "keyboard-row");
    row.forEach((button, columnIndex) => {
      const node = el("button", "key", button.text);
      node.type = "button";
      node.dataset.testid = `button-${rowIndex}-${columnIndex}`;
      if (button.url) node.classList.add("url");
      node.addEventListener("click", guarded(() => pressButton(chatId, message, button, node)));
      line.append(node);
    });
    keyboard.append(line);
  });
  return keyboard;
}

async function pressButton(chatId, message, button, node) {
  if (button.url) return followUrl(button.url);
  if (button.callback_data !== undefined) {
    node.disabled = true; // one press at a time, as a client shows its spinner
    try {
      const answer = await api("press", {
        persona: world.persona, chat_id: chatId, message_id: message.message_id,
        callback_data: button.callback_data,
      });
      showAnswer(answer);
    } finally {
      node.disabled = false;
    }
    return undefined;
  }
  if (button.switch_inline_query !== undefined || button.switch_inline_query_current_chat !== undefined) {
    // Inline mode types "@bot query" into the composer, as Telegram does.
    const query = button.switch_inline_query ?? button.switch_inline_query_current_chat;
    $("composer").value = `@${world.bot.username} ${query}`;
    $("composer").focus();
    return undefined;
  }
  toast("This kind of button does nothing in the playground.");
  return undefined;
}

function showAnswer(answer) {
  if (!answer) return;
  if (answer.show_alert && answer.text) showDialog(answer.text);
  else if (answer.text) toast(answer.text);
  if (answer.url) followUrl(answer.url);
}

/** The start payload if `url` is a deep link to the playground's own bot; else undefined. */
function deepLinkPayload(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const username = world.bot ? world.bot.username.toLowerCase() : "";
  const isTme = ["t.me", "telegram.me"].includes(parsed.hostname.toLowerCase())
    && parsed.pathname.replace(/^\//, "").toLowerCase() === username;
  const domain = (parsed.searchParams.get("domain") || "").toLowerCase();
  const isTg = parsed.protocol === "tg:" && domain === username;
  if (!isTme && !isTg) return undefined;
  return parsed.searchParams.get("start") || "";
}

/** There is no internet here: the bot's own deep links open its chat, other URLs are only shown. */
async function followUrl(url) {
  const payload = deepLinkPayload(url);
  if (payload === undefined) {
    showDialog(`This button opens ${url}\n\nThe playground has no internet: the address is only shown.`);
    return;
  }
  const chat = privateChat();
  if (!chat) return;
  openChat(chat.id);
  await sendText(payload ? `/start ${payload}` : "/start");
}

// ---------------------------------------------------------------------------------------------
// Composer: text, command menu, attachments

async function sendText(text) {
  const chat = world.chats.get(world.chatId);
  if (!chat || !text.trim()) return;
  const body = { persona: world.persona, chat_id: chat.id, text };
  if (chat.is_forum && world.threadId !== null) body.thread_id = world.threadId;
  const message = await api("send", body);
  receive({ kind: "message", chat_id: chat.id, message });
}

async function submitComposer() {
  const composer = $("composer");
  const text = composer.value;
  if (!text.trim()) return;
  composer.value = "";
  hideCommandMenu();
  try {
    await sendText(text);
  } catch (error) {
    composer.value = text; // keep what was typed when the send failed
    throw error;
  }
}

async function commandsFor(chatId, persona) {
  const key = `${chatId}:${persona}`;
  if (!world.commands.has(key)) {
    const query = `chat_id=${encodeURIComponent(chatId)}&persona=${encodeURIComponent(persona)}`;
    world.commands.set(key, await api(`commands?${query}`));
  }
  return world.commands.get(key);
}

/** While the composer holds "/word" (and nothing else), list the matching commands. */
async function updateCommandMenu() {
  const value = $("composer").value;
  const match = /^\/(\w*)$/.exec(value);
  if (!match || world.chatId === null) return hideCommandMenu();
  const commands = await commandsFor(world.chatId, world.persona);
  if ($("composer").value !== value) return undefined; // typed on meanwhile
  const shown = commands.filter((c) => c.command.startsWith(match[1].toLowerCase()));
  const menu = $("command-menu");
  menu.replaceChildren();
  for (const entry of shown) {
    const item = el("li", "command-item");
    item.dataset.testid = `command-${entry.command}`;
    item.append(el("b", null, `/${entry.command}`), el("span", "muted", entry.description));
    item.addEventListener("mousedown", (event) => {
      event.preventDefault(); // keep the composer's focus
      $("composer").value = `/${entry.command} `;
      hideCommandMenu();
      $("composer").focus();
    });
    menu.append(item);
  }
  menu.hidden = shown.length === 0;
  return undefined;
}

function hideCommandMenu() {
  $("command-menu").hidden = true;
}

function readAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(new Error(`Could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

/** Sends the chosen file as a photo (images) or a document (.txt/.md/.html); the text is its caption. */
async function sendAttachment(file) {
  const chat = world.chats.get(world.chatId);
  if (!chat) return;
  const name = file.name.toLowerCase();
  const isPhoto = file.type.startsWith("image/");
  if (!isPhoto && !DOCUMENT_EXTENSIONS.some((ext) => name.endsWith(ext))) {
    throw new Error("Attach a photo or a .txt, .md or .html file.");
  }
  if (file.size > (isPhoto ? PHOTO_LIMIT : DOCUMENT_LIMIT)) {
    throw new Error(`${file.name} is too large for Telegram (${isPhoto ? 10 : 20} MB at most).`);
  }
  const body = { persona: world.persona, chat_id: chat.id, content_base64: await readAsBase64(file) };
  if (chat.is_forum && world.threadId !== null) body.thread_id = world.threadId;
  const caption = $("composer").value;
  if (caption.trim()) body.caption = caption;
  let message;
  if (isPhoto) {
    message = await api("photo", body);
  } else {
    message = await api("document", { ...body, file_name: file.name, mime_type: file.type || undefined });
  }
  $("composer").value = "";
  receive({ kind: "message", chat_id: chat.id, message });
}

// ---------------------------------------------------------------------------------------------
// Switching persona, language, chat

function openChat(chatId) {
  if (world.chatId !== chatId) world.threadId = null;
  world.commands.clear(); // menus are per chat: fetched afresh when "/" is next typed
  world.chatId = chatId;
  world.unread.delete(chatId);
  renderChatList();
  renderChatHead();
  renderMessages();
  loadHistory(chatId).catch((error) => toast(error.message));
}

function switchPersona(key) {
  if (world.persona === key) return;
  world.persona = key;
  world.commands.clear(); // and per persona (scope and language)
  renderPersonas();
  // Stay in a shared chat if the other persona sees it too; else go to their private chat.
  const chat = world.chats.get(world.chatId);
  const fallback = privateChat() || visibleChats()[0];
  const target = chat && chat.visible_to.includes(key) ? chat.id : fallback && fallback.id;
  world.chatId = null;
  if (target !== undefined) openChat(target);
  else renderChatList();
  renderOperatorState();
}

async function switchLanguage(language) {
  const persona = await api("persona", { persona: world.persona, language });
  world.personas = world.personas.map((p) => (p.key === persona.key ? persona : p));
  world.commands.clear(); // the menu is per language
  renderPersonas();
}

// ---------------------------------------------------------------------------------------------
// Operator panel

function renderOperatorState() {
  $("subscriber-count").textContent = world.subscribers.toLocaleString("en");
  const knobs = world.knobs || {};
  setIfIdle($("knob-latency"), knobs.latency_ms ?? 0);
  setIfIdle($("knob-error-rate"), Math.round((knobs.error_rate ?? 0) * 100));
  setIfIdle($("knob-global-rate"), knobs.global_per_second ?? 30);
  $("knob-flood").checked = Boolean(knobs.flood_limits);
  const chat = privateChat();
  $("block-bot").textContent = chat && chat.blocked ? "Unblock the bot" : "Block the bot";
  $("block-bot").title = `As ${currentPersona() ? currentPersona().name : "the persona"}`;
  $("migrate-group").disabled = !migratableGroup();
}

/** Does not overwrite a number the operator is typing. */
function setIfIdle(input, value) {
  if (document.activeElement !== input) input.value = String(value);
}

function migratableGroup() {
  const current = world.chats.get(world.chatId);
  if (current && current.type === "group" && !current.migrated_to) return current;
  return [...world.chats.values()].find((c) => c.type === "group" && !c.migrated_to);
}

async function setKnob(name, value) {
  world.knobs = await api("knobs", { [name]: value });
  renderOperatorState();
}

async function toggleBlock() {
  const chat = privateChat();
  await api("block", { persona: world.persona, blocked: !(chat && chat.blocked) });
}

async function migrateGroup() {
  const group = migratableGroup();
  if (!group) throw new Error("No plain group left to migrate.");
  await api("migrate", { chat_id: group.id });
}

async function addSubscribers() {
  const button = $("add-subscribers");
  button.disabled = true;
  try {
    const result = await api("subscribers", { count: 1000 });
    world.subscribers = result.subscribers;
    renderOperatorState();
  } finally {
    button.disabled = false;
  }
}

function statusClass(status) {
  if (status >= 500) return "s5xx";
  if ([200, 400, 403, 429].includes(status)) return `s${status}`;
  return "sother";
}

function addCall(call) {
  const log = $("calls-log");
  const row = el("li", `call ${statusClass(call.status)}`);
  row.dataset.status = String(call.status);
  row.dataset.method = call.method;
  row.append(
    el("span", "call-time", call.time ? formatClock(call.time) : ""),
    el("span", "call-status", call.status),
    el("span", "call-method", call.method),
    el("span", "call-chat muted", call.chat_id ?? ""),
  );
  if (call.description) row.append(el("div", "call-description", call.description));
  log.prepend(row);
  while (log.children.length > CALLS_LOG_LIMIT) log.lastElementChild.remove();
}

function formatClock(time) {
  // `time` is Unix seconds (maybe fractional) or an ISO string; show HH:MM:SS either way.
  const date = typeof time === "number" ? new Date(time * 1000) : new Date(time);
  return Number.isNaN(date.getTime()) ? String(time) : date.toLocaleTimeString([], { hour12: false });
}

// The chart: redrawn in an animation frame, and only when a `rate` event brought new data.
let chartFrame = 0;

function addRate(sample) {
  world.rate.push(sample);
  const latest = Number(sample.time) || 0;
  world.rate = world.rate.filter((s) => latest - (Number(s.time) || 0) < RATE_WINDOW_SECONDS);
  const canvas = $("rate-chart");
  canvas.dataset.samples = String(world.rate.length);
  canvas.dataset.lastSent = String(sample.sent);
  if (!chartFrame) chartFrame = requestAnimationFrame(drawChart);
}

function drawChart() {
  chartFrame = 0;
  const canvas = $("rate-chart");
  const ctx = canvas.getContext("2d");
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const top = Math.max(1, ...world.rate.map((s) => s.sent + s.refused));
  const barWidth = width / RATE_WINDOW_SECONDS;
  const latest = world.rate.length ? Number(world.rate[world.rate.length - 1].time) : 0;
  for (const sample of world.rate) {
    // Newest on the right; a second with no traffic stays an empty slot.
    const x = width - (latest - Number(sample.time) + 1) * barWidth;
    const sentHeight = (sample.sent / top) * (height - 14);
    const refusedHeight = (sample.refused / top) * (height - 14);
    ctx.fillStyle = "#4fae4e";
    ctx.fillRect(x, height - sentHeight, barWidth - 1, sentHeight);
    ctx.fillStyle = "#f0932b";
    ctx.fillRect(x, height - sentHeight - refusedHeight, barWidth - 1, refusedHeight);
  }
  ctx.fillStyle = "#8a9199";
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillText(`max ${top}/s`, 4, 11);
}

// ---------------------------------------------------------------------------------------------
// Live events

/** Applies a message/edit/delete event to the chat's history and, if it is open, to the page. */
function receive(event) {
  const chatId = event.chat_id;
  const history = world.histories.get(chatId);
  if (history && !history.loaded) {
    history.pending.push(event);
    return;
  }
  if (history) applyToHistory(history, event);
  if (chatId !== world.chatId) {
    noteUnread(event);
    return;
  }
  // An edit replaces its bubble in place; anything else re-renders the (small) open chat.
  if (event.kind === "edit" && replaceRendered(chatId, event.message)) return;
  renderMessages();
}

function noteUnread(event) {
  const chat = world.chats.get(event.chat_id);
  if (event.kind !== "message" || !chat || !chat.visible_to.includes(world.persona)) return;
  world.unread.set(event.chat_id, (world.unread.get(event.chat_id) || 0) + 1);
  renderChatList();
}

/** A full snapshot: the first event of every (re)connection. Rebuilds everything. */
function applyState(state) {
  world.bot = state.bot;
  world.personas = state.personas;
  world.chats = new Map(state.chats.map((chat) => [chat.id, chat]));
  world.subscribers = state.subscribers;
  world.knobs = state.knobs;
  world.histories.clear();
  world.commands.clear();
  world.unread.clear();
  if (!world.personas.some((p) => p.key === world.persona)) world.persona = world.personas[0].key;
  const current = world.chats.get(world.chatId);
  const chatId = current && current.visible_to.includes(world.persona)
    ? current.id
    : (privateChat() || visibleChats()[0] || {}).id;
  renderPersonas();
  renderOperatorState();
  world.chatId = null;
  if (chatId !== undefined) openChat(chatId);
}

function applyChat(chat) {
  world.chats.set(chat.id, chat);
  renderChatList();
  renderOperatorState();
  // The open group just became a supergroup: follow it, as Telegram's clients do (on whichever
  // of the two chats' events comes last).
  const open = world.chats.get(world.chatId);
  const upgraded = open && open.migrated_to && [open.id, open.migrated_to].includes(chat.id);
  if (upgraded && world.chats.has(open.migrated_to)) openChat(open.migrated_to);
  else if (chat.id === world.chatId) renderChatHead();
}

function connect() {
  const source = new EventSource("/api/events");
  const on = (name, handler) => source.addEventListener(name, (event) => {
    try {
      handler(JSON.parse(event.data));
    } catch (error) {
      console.error(`event ${name}`, error);
    }
  });
  on("state", applyState);
  on("message", (data) => receive({ kind: "message", ...data }));
  on("edit", (data) => receive({ kind: "edit", ...data }));
  on("delete", (data) => receive({ kind: "delete", ...data }));
  on("chat", (data) => applyChat(data.chat));
  on("commands", () => { world.commands.clear(); });
  on("call", addCall);
  on("rate", addRate);
  // callback_answer: the press that caused it already shows the answer from /api/press.
  source.addEventListener("open", () => setConnection("live", true));
  // EventSource reconnects by itself; the next `state` event then rebuilds the page.
  source.addEventListener("error", () => setConnection("reconnecting…", false));
}

function setConnection(text, live) {
  const node = $("connection");
  node.textContent = text;
  node.classList.toggle("live", live);
}

// ---------------------------------------------------------------------------------------------
// Wiring

function wire() {
  for (const button of document.querySelectorAll("[data-persona]")) {
    button.addEventListener("click", () => switchPersona(button.dataset.persona));
  }
  for (const button of document.querySelectorAll("[data-language]")) {
    button.addEventListener("click", guarded(() => switchLanguage(button.dataset.language)));
  }
  const composer = $("composer");
  $("composer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(submitComposer)();
  });
  composer.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      guarded(submitComposer)();
    } else if (event.key === "Escape") {
      hideCommandMenu();
    } else if (event.key === "Tab" && !$("command-menu").hidden) {
      // Tab completes the first command listed.
      event.preventDefault();
      $("command-menu").firstElementChild.dispatchEvent(new MouseEvent("mousedown"));
    }
  });
  composer.addEventListener("input", guarded(updateCommandMenu));
  composer.addEventListener("blur", hideCommandMenu);
  $("attach").addEventListener("change", (event) => {
    const [file] = event.target.files;
    event.target.value = ""; // the same file may be chosen again
    if (file) guarded(sendAttachment)(file);
  });
  // Knobs are sent when changed (Enter or leaving the field), in the server's units.
  const knob = (id, name, value) => $(id).addEventListener(
    "change",
    guarded((event) => setKnob(name, value(event.target))),
  );
  knob("knob-latency", "latency_ms", (input) => Number(input.value));
  knob("knob-error-rate", "error_rate", (input) => Number(input.value) / 100);
  knob("knob-global-rate", "global_per_second", (input) => Number(input.value));
  knob("knob-flood", "flood_limits", (input) => input.checked);
  $("block-bot").addEventListener("click", guarded(toggleBlock));
  $("migrate-group").addEventListener("click", guarded(migrateGroup));
  $("add-subscribers").addEventListener("click", guarded(addSubscribers));
  $("hide-polls").addEventListener("change", (event) => {
    $("calls-log").classList.toggle("hide-polls", event.target.checked);
  });
  $("panel-toggle").addEventListener("click", () => {
    const collapsed = $("app").classList.toggle("panel-collapsed");
    $("panel-toggle").setAttribute("aria-expanded", String(!collapsed));
    $("panel-toggle").textContent = collapsed ? "⟨ Operator" : "Operator ⟩";
  });
}

wire();
connect();
