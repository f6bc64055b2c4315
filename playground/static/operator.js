// The operator panel on the right: the knobs of the local Bot API server, the world's buttons
// (block the bot, migrate the group, add subscribers) and the log of every Bot API call.

import { $, el, guarded } from "./ui.js";
import { api } from "./net.js";
import { currentPersona, privateChat, world } from "./state.js";

const CALLS_LOG_LIMIT = 500; // rows kept in the operator's calls log (older ones dropped)

export function renderOperatorState() {
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

/** One row on top of the calls log (a `call` event). */
export function addCall(call) {
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

export function wireOperator() {
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
