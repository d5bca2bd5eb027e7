// Small DOM helpers: elements, tables, forms with field errors, announcements and confirmation.

/** Creates an element: attributes (on* are listeners; false/null omit), then children (strings, nodes, arrays). */
export function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'value' || name === 'checked' || name === 'selected') el[name] = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : String(c))));
  return el;
}

/** Replaces an element's children, skipping the null/false a conditional part gives. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

let ids = 0;
export const uid = (prefix = 'f') => `${prefix}-${++ids}`;

/** A LocalizedText ({"en": "...", ...} or a string) as one text. */
export function text(value) {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  const lang = (navigator.language || 'en').split('-')[0];
  return value[navigator.language] ?? value[lang] ?? value.default ?? value.en ?? Object.values(value)[0] ?? '';
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** Says something to screen-reader users and shows it briefly. */
export function announce(message) {
  const status = document.getElementById('status');
  status.textContent = message;
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => { status.textContent = ''; }, 6000);
}

/** Replaces the page content and moves focus to its heading. */
export function page(title, ...content) {
  const main = document.getElementById('main');
  const heading = h('h1', { tabindex: '-1' }, title);
  fill(main, heading, content);
  document.title = `${title} · GeoRegistry`;
  heading.focus();
  return main;
}

export function badge(value, kind = value) {
  return h('span', { class: `badge ${kind}` }, value);
}

/** A table: columns [{label, render(row) → node|text, num}], an empty text when there are no rows. */
export function table(caption, columns, rows, empty = 'Nothing yet.') {
  if (!rows.length) return h('p', { class: 'note' }, empty);
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.render(row)))))));
}

export function alertBox(error, title = 'That did not work') {
  const detail = error?.message || String(error);
  return h('div', { class: 'alert', role: 'alert' }, h('strong', {}, title), h('p', {}, detail));
}

/** A labelled control; `control` gets the id, and an error slot described by it. */
export function field(label, control, hint, { check = false } = {}) {
  control.id ||= uid();
  const hintEl = hint ? h('span', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  const errorEl = h('span', { class: 'error-text', id: `${control.id}-error`, hidden: true });
  control.setAttribute('aria-describedby', [hintEl?.id, errorEl.id].filter(Boolean).join(' '));
  const labelEl = h('label', { for: control.id }, label, control.required ? h('span', { 'aria-hidden': 'true' }, ' *') : null);
  return check ? h('div', { class: 'field check' }, control, labelEl, hintEl, errorEl)
    : h('div', { class: 'field' }, labelEl, control, hintEl, errorEl);
}

export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.error-text').forEach((el) => { el.hidden = true; el.textContent = ''; });
  form.querySelector(':scope > .alert')?.remove();
}

/**
 * Shows an API refusal on a form: each field error next to the control whose data-field names it (the API's
 * field paths, e.g. "settings.levels[2].attributes[0].target"), the others in a summary at the top.
 */
export function showErrors(form, error) {
  clearErrors(form);
  const unplaced = [];
  for (const { field: name, message } of error.fieldErrors || []) {
    const control = controlFor(form, name);
    if (!control) { unplaced.push(`${name || 'request'}: ${message}`); continue; }
    control.setAttribute('aria-invalid', 'true');
    const slot = document.getElementById(`${control.id}-error`);
    if (slot) { slot.textContent = slot.hidden ? message : `${slot.textContent} ${message}`; slot.hidden = false; } else unplaced.push(`${name}: ${message}`);
  }
  const summary = h('div', { class: 'alert', role: 'alert', tabindex: '-1' },
    h('strong', {}, error.fieldErrors?.length ? 'Please correct the marked fields.' : (error.problem?.title || 'Refused')),
    error.fieldErrors?.length ? null : h('p', {}, error.message),
    unplaced.length ? h('ul', {}, unplaced.map((m) => h('li', {}, m))) : null);
  form.prepend(summary);
  (form.querySelector('[aria-invalid="true"]') || summary).focus();
}

/** The control of a field path, or of its nearest parent path ("a.b[2].c" → "a.b[2]" → "a.b"). */
function controlFor(form, path) {
  for (let p = path || ''; p; p = p.replace(/(\[[^\]]*\]|\.[^.[]*)$/, '')) {
    const control = form.querySelector(`[data-field="${CSS.escape(p)}"]`);
    if (control) return control;
    if (!/(\[[^\]]*\]|\.[^.[]*)$/.test(p)) break;
  }
  return null;
}

/** Runs an action with its button disabled, so a double click cannot send twice. */
export async function busy(button, action) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try { return await action(); } finally { button.disabled = false; button.removeAttribute('aria-busy'); }
}

/** The page's confirmation dialog; resolves true when confirmed. */
export function confirm(title, message, confirmLabel = 'Delete') {
  const dialog = document.getElementById('confirm');
  dialog.querySelector('#confirm-title').textContent = title;
  dialog.querySelector('#confirm-message').textContent = message;
  dialog.querySelector('#confirm-ok').textContent = confirmLabel;
  dialog.returnValue = '';
  dialog.showModal();
  dialog.querySelector('button[value="cancel"]').focus();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}

export function select(options, value, attributes = {}) {
  return h('select', attributes, options.map(([v, label]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, label)));
}

/** A control with its own error slot, for tables where a full field would not fit. */
export function withError(control) {
  control.id ||= uid();
  const slot = h('span', { class: 'error-text', id: `${control.id}-error`, hidden: true });
  control.setAttribute('aria-describedby', slot.id);
  return h('div', {}, control, slot);
}
