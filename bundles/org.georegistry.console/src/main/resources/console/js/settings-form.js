// Form controls generated from a provider's setting descriptors ({name, label, type, required, secret, options,
// description}), so a newly deployed provider's settings need no console change.
import { h, field, select, badge } from './ui.js';

/**
 * The controls for `descriptors` with their current `values`. `secrets` ({name: {set}}) marks write-only values
 * already stored: they show as "set" with a Replace button and are sent only when replaced. `special(descriptor)`
 * may answer an editor {element, read()} for a setting that deserves more than a generic control. `options` (the
 * provider's live options) turns a text setting into a choice where it lists values under the setting's name, as
 * the FHIR provider lists its installed transformations under "transformation".
 * read() answers {values, errors}; errors use the API's field paths.
 */
export function settingsForm(descriptors, values = {}, { secrets = {}, prefix = 'settings.', disabled = false, special, options = {} } = {}) {
  const readers = [];
  const elements = descriptors.map((d) => {
    const custom = special?.(d);
    if (custom) { readers.push((out, errors) => custom.read(out, errors)); return custom.element; }
    const control = controlFor(d, values?.[d.name], disabled, options?.[d.name]);
    control.dataset.field = prefix + d.name;
    control.name = d.name;
    if (d.secret && secrets[d.name]?.set) return storedSecret(d, control, readers, disabled);
    readers.push((out, errors) => readInto(d, control, out, errors, prefix));
    return field(d.label, control, d.description);
  });
  return {
    element: h('div', { class: 'settings' }, elements),
    read() {
      const out = {};
      const errors = [];
      readers.forEach((read) => read(out, errors));
      return { values: out, errors };
    },
  };
}

function controlFor(d, value, disabled, listed) {
  const common = { required: d.required && !d.secret ? true : null, disabled };
  if (d.secret) return h('input', { ...common, type: 'password', autocomplete: 'new-password', value: '' });
  if (Array.isArray(listed) && (d.type === 'TEXT' || d.type === 'CHOICE')) {
    const choices = listed.map((i) => (typeof i === 'object' && i
      ? [i.id ?? i.code ?? i.value, `${i.label ?? i.name ?? i.id}${i.version ? ` ${i.version}` : ''}`] : [i, i]));
    if (value && !choices.some(([v]) => v === value)) choices.push([value, `${value} (not available now)`]);
    return select([['', d.required ? 'Choose…' : 'None'], ...choices], value, common);
  }
  switch (d.type) {
    case 'URL': return h('input', { ...common, type: 'url', value: value ?? '', placeholder: 'https://' });
    case 'INTEGER': return h('input', { ...common, type: 'number', step: '1', inputmode: 'numeric', value: value ?? '' });
    case 'BOOLEAN':
      return select([['', d.required ? 'Choose…' : 'Default'], ['true', 'Yes'], ['false', 'No']],
        value === undefined || value === null ? '' : String(value), common);
    case 'CHOICE': return select([['', 'Choose…'], ...d.options.map((o) => [o, o])], value, common);
    case 'JSON': return h('textarea', { ...common, rows: 6, spellcheck: 'false' }, value === undefined ? '' : JSON.stringify(value, null, 2));
    default: return h('input', { ...common, type: 'text', value: value ?? '' });
  }
}

/** A stored secret: never shown, kept unless the administrator replaces it. */
function storedSecret(d, control, readers, disabled) {
  const wrapper = field(d.label, control, 'Leave empty to keep the stored value.');
  wrapper.hidden = true;
  const replace = h('button', { type: 'button', disabled, 'aria-label': `Replace ${d.label}` , onclick: () => {
    wrapper.hidden = false;
    summary.hidden = true;
    control.focus();
  } }, 'Replace');
  const summary = h('div', { class: 'field' }, h('span', { class: 'label', id: `${control.id}-state` },
    h('strong', {}, d.label), ' ', badge('set', 'ok')), h('div', {}, replace));
  readers.push((out, errors) => readInto(d, control, out, errors, ''));
  return h('div', {}, summary, wrapper);
}

function readInto(d, control, out, errors, prefix) {
  const raw = control.value;
  if (raw === '' || raw === undefined) return;
  if (d.type === 'INTEGER') out[d.name] = Number(raw);
  else if (d.type === 'BOOLEAN') out[d.name] = raw === 'true';
  else if (d.type === 'JSON') {
    try { out[d.name] = JSON.parse(raw); } catch (e) {
      errors.push({ field: control.dataset.field || prefix + d.name, message: `Not valid JSON: ${e.message}` });
    }
  } else out[d.name] = raw;
}
