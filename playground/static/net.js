// Talking to the playground's server: api() for requests, connect() for the one EventSource
// that brings everything live, each event handed to its handler by name.

import { $ } from "./ui.js";

/** POSTs (or GETs without a body) the playground API; returns `result` or throws its description. */
export async function api(path, body) {
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

/** Opens /api/events; `handlers` maps an event name to a function of its parsed data. */
export function connect(handlers) {
  const source = new EventSource("/api/events");
  for (const [name, handler] of Object.entries(handlers)) {
    source.addEventListener(name, (event) => {
      try {
        handler(JSON.parse(event.data));
      } catch (error) {
        console.error(`event ${name}`, error);
      }
    });
  }
  source.addEventListener("open", () => setConnection("live", true));
  // EventSource reconnects by itself; the next `state` event then rebuilds the page.
  source.addEventListener("error", () => setConnection("reconnecting…", false));
}

function setConnection(text, live) {
  const node = $("connection");
  node.textContent = text;
  node.classList.toggle("live", live);
}
