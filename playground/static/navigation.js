// Where the page is: opening a chat, switching persona or language, following a link (the bot's
// own deep links open its chat; there is no internet for the rest), and applying the server's
// `state` snapshot and `chat` changes, which may move the page elsewhere.

import { showDialog, toast } from "./ui.js";
import { api } from "./net.js";
import { privateChat, visibleChats, world } from "./state.js";
import { loadHistory } from "./history.js";
import { renderMessages } from "./messages.js";
import { renderChatHead, renderChatList, renderPersonas } from "./chats.js";
import { renderComposerState, sendText } from "./composer.js";
import { renderOperatorState } from "./operator.js";

export function openChat(chatId) {
  if (world.chatId !== chatId) world.threadId = null;
  world.commands.clear(); // menus are per chat: fetched afresh when "/" is next typed
  world.chatId = chatId;
  world.unread.delete(chatId);
  renderChatList();
  renderChatHead();
  renderComposerState();
  renderMessages();
  loadHistory(chatId)
    .then((loaded) => { if (loaded && chatId === world.chatId) renderMessages(); })
    .catch((error) => toast(error.message));
}

export function switchPersona(key) {
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

export async function switchLanguage(language) {
  const persona = await api("persona", { persona: world.persona, language });
  world.personas = world.personas.map((p) => (p.key === persona.key ? persona : p));
  world.commands.clear(); // the menu is per language
  renderPersonas();
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
export async function followUrl(url) {
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

/** A full snapshot: the first event of every (re)connection. Rebuilds everything. */
export function applyState(state) {
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

/** A chat changed (blocked, upgraded, new topics): re-render it where it shows. */
export function applyChat(chat) {
  world.chats.set(chat.id, chat);
  renderChatList();
  renderOperatorState();
  // The open group just became a supergroup: follow it, as Telegram's clients do (on whichever
  // of the two chats' events comes last).
  const open = world.chats.get(world.chatId);
  const upgraded = open && open.migrated_to && [open.id, open.migrated_to].includes(chat.id);
  if (upgraded && world.chats.has(open.migrated_to)) {
    openChat(open.migrated_to);
  } else if (chat.id === world.chatId) {
    renderChatHead();
    renderComposerState();
  }
}
