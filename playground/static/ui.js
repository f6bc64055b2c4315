// Small DOM helpers shared by every part of the page: element look-up and creation, the toast,
// the dialog, and turning an async action's failure into a toast.

const TOAST_MS = 3500;

export const $ = (id) => document.getElementById(id);

/** Creates an element with a class and text (text via textContent: never parsed as HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** Runs an async action, showing its failure as a toast instead of an unhandled rejection. */
export function guarded(action) {
  return (...args) => action(...args).catch((error) => toast(error.message));
}

let toastTimer = null;
export function toast(text) {
  const node = $("toast");
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, TOAST_MS);
}

export function showDialog(text) {
  $("dialog-text").textContent = text;
  const dialog = $("dialog");
  if (!dialog.open) dialog.showModal();
}
