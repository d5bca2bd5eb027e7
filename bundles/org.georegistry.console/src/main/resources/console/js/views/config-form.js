// Create or edit a synchronization configuration: the common fields, then a form generated from the provider's
// configSettings, with special editors where a provider's setting deserves one (the DHIS2 matching tables).
import { api } from '../api.js';
import { session } from '../session.js';
import { h, fill, page, text, field, select, showErrors, clearErrors, busy, announce } from '../ui.js';
import { settingsForm } from '../settings-form.js';
import { dhis2Levels } from './dhis2-levels.js';

/** Special editors by provider type and setting name. */
const EDITORS = { 'dhis2:levels': dhis2Levels };

export async function edit(id, presetSystem) {
  const [config, systemsPage, providers, hierarchies] = await Promise.all([
    id ? api.get(`/sync-configs/${id}`) : Promise.resolve(null),
    api.get('/external-systems?pageSize=200'), api.get('/providers'), api.get('/hierarchies'),
  ]);
  const systems = systemsPage.items.filter((s) => s.providerAvailable && (session.canAdmin(s.organization) || s.id === config?.externalSystem));
  const label = h('input', { value: text(config?.label), required: true, 'data-field': 'label' });
  const system = select([['', 'Choose…'], ...systems.map((s) => [s.id, `${text(s.label)} (${s.type})`])],
    config?.externalSystem ?? presetSystem, { required: true, disabled: !!config, 'data-field': 'externalSystem' });
  const direction = h('select', { required: true, 'data-field': 'direction' });
  const hierarchy = h('select', { 'data-field': 'hierarchy' });
  const cron = h('input', { value: config?.cron ?? '', placeholder: 'e.g. 0 2 * * *', 'data-field': 'cron', autocomplete: 'off' });
  const settingsSlot = h('div', {});
  let settings = null;
  let editor = null;

  async function showSettings() {
    const chosen = systems.find((s) => s.id === system.value);
    const provider = providers.find((p) => p.type === chosen?.type);
    const directions = (provider?.capabilities || []).filter((c) => c === 'EXPORT' || c === 'IMPORT');
    direction.replaceChildren(...directions.map((d) => h('option', { value: d, selected: d === (config?.direction ?? 'EXPORT') }, d)));
    hierarchy.replaceChildren(...[['', 'None'], ...hierarchies.filter((x) => x.organization === chosen?.organization)
      .map((x) => [x.code, `${text(x.label)} (${x.code})`])].map(([v, l]) => h('option', { value: v, selected: v === (config?.hierarchy ?? '') }, l)));
    if (!provider) { settings = null; return settingsSlot.replaceChildren(); }
    settingsSlot.replaceChildren(h('p', {}, 'Reading what the external system offers…'));
    let options = {};
    let note = null;
    try {
      options = await api.get(config ? `/sync-configs/${config.id}/options` : `/external-systems/${encodeURIComponent(chosen.id)}/options`);
    } catch (error) {
      note = h('p', { class: 'note', role: 'status' }, `The external system could not be read (${error.message}); you can still type its ids.`);
    }
    editor = null;
    settings = settingsForm(provider.configSettings, config?.settings, { options, special: (d) => {
      if (d.name === 'hierarchy') return { element: h('span', { hidden: true }), read: (out) => { if (hierarchy.value) out.hierarchy = hierarchy.value; } };
      const make = EDITORS[`${provider.type}:${d.name}`];
      if (!make) return null;
      editor = make({ levels: config?.settings?.[d.name], options, disabled: false });
      return editor;
    } });
    fill(settingsSlot, h('fieldset', {}, h('legend', {}, `${provider.label} settings`), note, settings.element));
    await editor?.setHierarchy(hierarchy.value);
  }
  system.addEventListener('change', showSettings);
  hierarchy.addEventListener('change', () => editor?.setHierarchy(hierarchy.value));

  const save = h('button', { type: 'submit', class: 'primary' }, config ? 'Save' : 'Create');
  const form = h('form', { class: 'stacked', novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    busy(save, async () => {
      const read = settings ? settings.read() : { values: {}, errors: [] };
      if (read.errors.length) return showErrors(form, { fieldErrors: read.errors });
      const body = { label: label.value.trim(), externalSystem: system.value, direction: direction.value,
        hierarchy: hierarchy.value || null, cron: cron.value.trim() || null, settings: read.values };
      try {
        const saved = config ? await api.put(`/sync-configs/${config.id}`, body) : await api.post('/sync-configs', body);
        clearErrors(form);
        announce(`Synchronization ${text(saved.label)} saved.`);
        location.hash = `#/configs/${saved.id}`;
      } catch (error) {
        // the provider's own "hierarchy" setting is the form's hierarchy field
        error.fieldErrors = error.fieldErrors.map((e) => (e.field === 'settings.hierarchy' ? { ...e, field: 'hierarchy' } : e));
        showErrors(form, error);
      }
    });
  } },
  field('Label', label), field('External system', system, config ? 'A configuration stays with its system.' : null),
  field('Direction', direction), field('Hierarchy', hierarchy),
  field('Schedule (cron, UTC)', cron, 'Five fields, e.g. "0 2 * * *" for every night at 02:00; empty to run only by hand.'),
  settingsSlot, h('div', { class: 'actions' }, save,
    h('a', { class: 'button', href: config ? `#/configs/${config.id}` : '#/configs' }, 'Cancel')));

  page(config ? `Edit synchronization: ${text(config.label)}` : 'New synchronization', form);
  await showSettings();
}
