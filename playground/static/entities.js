// Text with entities as DOM nodes: given text, the entities the server parsed and what a tap on
// a link or a /command does, builds the elements. Knows nothing of chats or the server.
//
// Offsets and lengths are UTF-16 code units, exactly what JS string indices are, so slicing needs
// no conversion. Entities nest (bold inside a link, a quote holding bold): sorted by start (longer
// first), each entity takes the ones that start inside it as children.
//
// Safety: message text is untrusted (anyone can type `<img onerror=…>`): it is only ever put into
// the page with textContent / createElement, never innerHTML.

import { el, guarded } from "./ui.js";

/** The text as a `div.text`; `taps` holds `followUrl(url)` and `sendText(text)` for its links. */
export function renderText(text, entities, taps) {
  const container = el("div", "text");
  const sorted = [...(entities || [])]
    .filter((e) => e.length > 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  renderRange(text, 0, text.length, sorted, container, taps);
  return container;
}

function renderRange(text, start, end, entities, parent, taps) {
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
      const node = entityElement(entity, text.slice(entity.offset, entityEnd), taps);
      renderRange(text, from, to, entities.slice(index + 1, next), node.inner || node, taps);
      parent.append(node.outer || node);
      position = to;
    }
    index = next;
  }
  if (position < end) parent.append(text.slice(position, end));
}

/** The element for one entity; `{outer, inner}` where the text goes into a nested element. */
function entityElement(entity, covered, taps) {
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
    case "text_link": return link(entity.url, taps);
    case "url": return link(/^[a-z]+:/i.test(covered) ? covered : `http://${covered}`, taps);
    case "email": return link(`mailto:${covered}`, taps);
    case "mention": return link(`https://t.me/${covered.slice(1)}`, taps);
    case "bot_command": return command(covered, taps);
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

function link(url, taps) {
  const node = el("a");
  // Only harmless schemes in href (a `javascript:` text_link must do nothing, even opened in a
  // new tab); a click never navigates anyway: taps.followUrl decides.
  node.href = /^(https?|tg|mailto):/i.test(url) ? url : "#";
  node.title = url;
  node.rel = "noopener noreferrer";
  node.addEventListener("click", (event) => {
    event.preventDefault();
    taps.followUrl(url);
  });
  return node;
}

/** A tapped /command is sent, as Telegram's clients do. */
function command(text, taps) {
  const node = el("a", "command");
  node.href = "#";
  node.addEventListener("click", (event) => {
    event.preventDefault();
    guarded(taps.sendText)(text);
  });
  return node;
}
