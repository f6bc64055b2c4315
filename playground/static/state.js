// What the page knows (the `world` object, rebuilt from each `state` event) and the look-ups
// every part needs: who the persona is and which chats they see.

/** Everything the page knows; rebuilt from each `state` event. */
export const world = {
  bot: null,
  personas: [],
  chats: new Map(), // chat id -> ChatView
  subscribers: 0,
  knobs: {},
  persona: "editor", // key of the persona the page acts as
  chatId: null, // the open chat
  threadId: null, // forum topic shown (null: General)
  histories: new Map(), // chat id -> {loaded, messages: Map(id -> Message), pending: [events]}
  unread: new Map(), // chat id -> count of messages arrived while not open
  commands: new Map(), // "chat:persona" -> [{command, description}]
};

export function currentPersona() {
  return world.personas.find((p) => p.key === world.persona) || world.personas[0];
}

export function visibleChats() {
  return [...world.chats.values()].filter((chat) => chat.visible_to.includes(world.persona));
}

/** The persona's private chat with the bot (chat id = the persona's user id). */
export function privateChat() {
  const persona = currentPersona();
  return persona ? world.chats.get(persona.user_id) : undefined;
}
