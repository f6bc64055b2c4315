// The chats as the persona sees them: the persona and language switches, the chat list on the
// left, and the open chat's title and forum topic bar.

import { $, el } from "./ui.js";
import { currentPersona, visibleChats, world } from "./state.js";
import { renderMessages } from "./messages.js";

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

export function renderPersonas() {
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

/** One listener on the list (its items are re-rendered often) opens the chat clicked or entered. */
export function wireChatList(openChat) {
  const chosen = (event) => event.target.closest(".chat-item");
  $("chat-list").addEventListener("click", (event) => {
    const item = chosen(event);
    if (item) openChat(Number(item.dataset.chatId));
  });
  $("chat-list").addEventListener("keydown", (event) => {
    const item = chosen(event);
    if (item && event.key === "Enter") openChat(Number(item.dataset.chatId));
  });
}

export function renderChatList() {
  const list = $("chat-list");
  list.replaceChildren();
  for (const chat of visibleChats()) {
    const item = el("li", "chat-item");
    item.dataset.testid = `chat-${chat.id}`;
    item.dataset.chatId = String(chat.id);
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
    list.append(item);
  }
}

/** The open chat's title, subtitle and topic bar. */
export function renderChatHead() {
  const chat = world.chats.get(world.chatId);
  $("chat-title").textContent = chat ? chatTitle(chat) : "No chat";
  $("chat-subtitle").textContent = chat ? chatSubtitle(chat) : "";
  renderTopicBar(chat);
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
