// Where a message, edit or deletion lands, whether the server pushed it or the page just sent
// it: into the chat's history, then onto the page (the open chat) or the unread badges.

import { world } from "./state.js";
import { record } from "./history.js";
import { renderMessages, replaceRendered } from "./messages.js";
import { renderChatList } from "./chats.js";

/** Applies a message/edit/delete event to the chat's history and, if it is open, to the page. */
export function receive(event) {
  const chatId = event.chat_id;
  if (!record(event)) return; // queued until the history has loaded
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
