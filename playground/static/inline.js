// Inline mode, as Telegram's clients have it: while the composer holds "@<bot> words", the bot's
// results for the words are listed above it (asked once the typing pauses, only the latest
// answer shown, "More" for the next page); picking one posts it into the chat as the persona's
// message via the bot. Escape or clearing the text closes the list.
//
// Thumbnails: the playground has no internet, and Chromium logs a console error for every image
// that fails to load, so only images the playground serves itself are shown (a cached photo's
// file, a thumbnail_url on this page's origin); other results get a letter, as Telegram shows
// results without a thumbnail.

import { $, el, guarded } from "./ui.js";
import { api } from "./net.js";
import { world } from "./state.js";
import { receive } from "./inbox.js";

const DEBOUNCE_MS = 300; // ask the bot once the typing pauses, not on every key

let timer = null;
let asked = 0; // number of the latest request: answers to older ones are dropped
let shown = null; // {chatId, query, results, nextOffset} of the list on the page

/** The words after "@<bot> " in `text`, or null when it is no inline query. */
function inlineQueryOf(text) {
  if (!world.bot) return null;
  const prefix = `@${world.bot.username} `.toLowerCase();
  return text.slice(0, prefix.length).toLowerCase() === prefix ? text.slice(prefix.length) : null;
}

/** On every change of the composer: asks the bot after a pause, or closes the list. */
export function updateInline() {
  clearTimeout(timer);
  const query = inlineQueryOf($("composer").value);
  if (query === null || world.chatId === null) {
    hideInline();
    return;
  }
  const chatId = world.chatId;
  timer = setTimeout(guarded(() => ask(chatId, query, "")), DEBOUNCE_MS);
}

/** Closes the list; answers still on their way are dropped. */
export function hideInline() {
  clearTimeout(timer);
  asked += 1;
  shown = null;
  $("inline-results").hidden = true;
}

async function ask(chatId, query, offset) {
  asked += 1;
  const number = asked;
  const answer = await api("inline", { persona: world.persona, chat_id: chatId, query, offset });
  const current = number === asked && chatId === world.chatId
    && inlineQueryOf($("composer").value) === query;
  if (!current) return;
  const results = offset && shown ? [...shown.results, ...answer.results] : answer.results;
  shown = { chatId, query, results, nextOffset: answer.next_offset };
  render();
}

function render() {
  const list = $("inline-results");
  list.replaceChildren();
  for (const result of shown.results) list.append(renderResult(result));
  if (!shown.results.length) list.append(el("li", "inline-empty muted", "No results"));
  if (shown.nextOffset) {
    const { chatId, query, nextOffset } = shown;
    const more = el("li", "inline-more", "More");
    more.dataset.testid = "inline-more";
    keepFocus(more);
    more.addEventListener("click", guarded(() => ask(chatId, query, nextOffset)));
    list.append(more);
  }
  list.hidden = false;
}

/** Clicking in the list keeps the composer's focus, as the command menu does. */
function keepFocus(node) {
  node.addEventListener("mousedown", (event) => event.preventDefault());
}

function renderResult(result) {
  const title = result.title || (result.type === "photo" ? "Photo" : result.type);
  const item = el("li", "inline-result");
  item.dataset.testid = `inline-result-${result.id}`;
  const thumbnail = thumbnailOf(result);
  if (thumbnail) {
    const img = el("img", "inline-thumb");
    img.alt = "";
    img.src = thumbnail;
    item.append(img);
  } else {
    item.append(el("span", "inline-thumb letter", title.slice(0, 1).toUpperCase()));
  }
  const words = el("div", "inline-words");
  words.append(el("div", "inline-title", title));
  if (result.description) words.append(el("div", "inline-description muted", result.description));
  item.append(words);
  keepFocus(item);
  item.addEventListener("click", guarded(() => choose(result)));
  return item;
}

/** An image this page may load without going to the internet, or null. */
function thumbnailOf(result) {
  if (result.photo_file_id) return `/api/files/${encodeURIComponent(result.photo_file_id)}`;
  if (!result.thumbnail_url) return null;
  try {
    return new URL(result.thumbnail_url).origin === window.location.origin ? result.thumbnail_url : null;
  } catch {
    return null;
  }
}

async function choose(result) {
  const { chatId, query } = shown;
  const body = { persona: world.persona, chat_id: chatId, query, result_id: result.id };
  const chat = world.chats.get(chatId);
  if (chat && chat.is_forum && world.threadId !== null) body.thread_id = world.threadId;
  const message = await api("inline/choose", body);
  $("composer").value = "";
  hideInline();
  receive({ kind: "message", chat_id: chatId, message });
}
