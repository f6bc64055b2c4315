// The composer at the bottom of the chat: sending text as the persona, the command menu that
// "/" opens, inline mode that "@<bot> " opens (inline.js), attachments (photos and
// .txt/.md/.html documents), and hiding it where nobody types.

import { $, el, guarded } from "./ui.js";
import { api } from "./net.js";
import { world } from "./state.js";
import { receive } from "./inbox.js";
import { hideInline, updateInline } from "./inline.js";

const PHOTO_LIMIT = 10 * 1024 * 1024; // Telegram's upload limits for bots, as the server enforces
const DOCUMENT_LIMIT = 20 * 1024 * 1024;
const DOCUMENT_EXTENSIONS = [".txt", ".md", ".html"]; // what the bot takes as article text

/** Sends text as the persona into the open chat (and topic). */
export async function sendText(text) {
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
  hideInline();
  try {
    await sendText(text);
  } catch (error) {
    composer.value = text; // keep what was typed when the send failed
    throw error;
  }
}

/** Channels and upgraded groups are read-only: no composer, a note instead. */
export function renderComposerState() {
  const chat = world.chats.get(world.chatId);
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
  hideInline();
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

/** Enter sends, Shift+Enter breaks the line, "/" lists commands, "@<bot> " the bot's inline
 * results, Tab completes, Escape closes the lists, 📎 attaches. */
export function wireComposer() {
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
      hideInline();
    } else if (event.key === "Tab" && !$("command-menu").hidden) {
      // Tab completes the first command listed.
      event.preventDefault();
      $("command-menu").firstElementChild.dispatchEvent(new MouseEvent("mousedown"));
    }
  });
  composer.addEventListener("input", guarded(updateCommandMenu));
  composer.addEventListener("input", updateInline);
  composer.addEventListener("blur", hideCommandMenu);
  $("attach").addEventListener("change", (event) => {
    const [file] = event.target.files;
    event.target.value = ""; // the same file may be chosen again
    if (file) guarded(sendAttachment)(file);
  });
}
