// Inline keyboards: their buttons, and what pressing one does (a callback sent to the bot with
// its answer shown, a URL followed, an inline query typed into the composer).

import { $, el, guarded, showDialog, toast } from "./ui.js";
import { api } from "./net.js";
import { world } from "./state.js";

/** The keyboard under a message; `taps.followUrl(url)` follows URL buttons and answers. */
export function renderKeyboard(chatId, message, rows, taps) {
  const keyboard = el("div", "keyboard");
  rows.forEach((row, rowIndex) => {
    const line = el("div", "keyboard-row");
    row.forEach((button, columnIndex) => {
      const node = el("button", "key", button.text);
      node.type = "button";
      node.dataset.testid = `button-${rowIndex}-${columnIndex}`;
      if (button.url) node.classList.add("url");
      node.addEventListener("click", guarded(() => pressButton(chatId, message, button, node, taps)));
      line.append(node);
    });
    keyboard.append(line);
  });
  return keyboard;
}

async function pressButton(chatId, message, button, node, taps) {
  if (button.url) return taps.followUrl(button.url);
  if (button.callback_data !== undefined) {
    node.disabled = true; // one press at a time, as a client shows its spinner
    try {
      const answer = await api("press", {
        persona: world.persona, chat_id: chatId, message_id: message.message_id,
        callback_data: button.callback_data,
      });
      showAnswer(answer, taps);
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
    $("composer").dispatchEvent(new Event("input")); // and lists the bot's results for it
    return undefined;
  }
  toast("This kind of button does nothing in the playground.");
  return undefined;
}

function showAnswer(answer, taps) {
  if (!answer) return;
  if (answer.show_alert && answer.text) showDialog(answer.text);
  else if (answer.text) toast(answer.text);
  if (answer.url) taps.followUrl(answer.url);
}
