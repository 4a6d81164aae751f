// DOM helpers: every screen is built from nodes, never from HTML strings,
// so no text from a record or the server can become markup.

/**
 * An element: `h('button', {class: 'big', onclick: fn, dataset: {test: 'x'}}, 'text', child)`.
 * Attributes `on<event>` add listeners; `dataset` sets data-*; `false`,
 * `null` and `undefined` attributes and children are left out.
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'value' || key === 'checked' || key === 'selected') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `node`. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A labelled form field around `control`. */
export function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'label' }, label), control, hint ? h('small', {}, hint) : null);
}

/** A `<select>` of `[value, label]` options. */
export function select(attrs, options, chosen) {
  return h('select', attrs, options.map(([value, label]) => h('option', { value, selected: value === chosen }, label)));
}

/** A time as the device shows it, in the language `lang`. */
export function when(iso, lang) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  if (date.toDateString() === new Date().toDateString()) return date.toLocaleTimeString(locale, { timeStyle: 'short' });
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Today in the device's time zone, as YYYY-MM-DD. */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A short message at the bottom of the screen for a few seconds. */
export function toast(text) {
  const node = h('div', { class: 'toast', role: 'status', dataset: { test: 'toast' } }, text);
  document.body.append(node);
  setTimeout(() => node.remove(), 4000);
}
