// newsbot playground page: a small Telegram-like client over the playground's HTTP API.
// This module only wires the others together; each of them says what it does at its top.
//
// Data flow: one EventSource('/api/events') brings everything live (its first event, and the first
// after every reconnect, is a full `state` snapshot that rebuilds the page); the page only fetches
// a chat's history when it is opened and the command menu when "/" is typed. No polling.
//
// Modules, lowest first (each imports only modules above it in this list, so there are no cycles):
//   ui.js         el(), $(), toast, dialog, guarded()
//   state.js      the `world` object; persona and chat look-ups
//   net.js        api(); the EventSource and its dispatch by event name
//   entities.js   text + entities -> DOM nodes (links and /commands call the taps given to it)
//   keyboards.js  inline keyboards and pressing their buttons
//   history.js    each chat's messages: loaded once, kept current, filtered to what is shown
//   messages.js   the open chat's bubbles and service lines
//   chats.js      persona and language switches, the chat list, the chat's head and topics
//   inbox.js      a message, edit or deletion into its history and onto the page
//   inline.js     inline mode: the bot's results for "@<bot> words", choosing one
//   composer.js   sending text, the command menu, attachments
//   operator.js   knobs, world buttons, the calls log
//   chart.js      the sends-per-second chart
//   navigation.js opening chats, switching persona and language, following links, `state`/`chat`

import { guarded } from "./ui.js";
import { connect } from "./net.js";
import { world } from "./state.js";
import { setTaps } from "./messages.js";
import { wireChatList } from "./chats.js";
import { receive } from "./inbox.js";
import { sendText, wireComposer } from "./composer.js";
import { addCall, wireOperator } from "./operator.js";
import { addRate } from "./chart.js";
import {
  applyChat, applyState, followUrl, openChat, switchLanguage, switchPersona,
} from "./navigation.js";

setTaps({ followUrl, sendText });

for (const button of document.querySelectorAll("[data-persona]")) {
  button.addEventListener("click", () => switchPersona(button.dataset.persona));
}
for (const button of document.querySelectorAll("[data-language]")) {
  button.addEventListener("click", guarded(() => switchLanguage(button.dataset.language)));
}
wireChatList(openChat);
wireComposer();
wireOperator();

connect({
  state: applyState,
  message: (data) => receive({ kind: "message", ...data }),
  edit: (data) => receive({ kind: "edit", ...data }),
  delete: (data) => receive({ kind: "delete", ...data }),
  chat: (data) => applyChat(data.chat),
  commands: () => { world.commands.clear(); },
  call: addCall,
  rate: addRate,
  // callback_answer: the press that caused it already shows the answer from /api/press.
});
