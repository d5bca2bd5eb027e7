// The DHIS2 matching tables for the `levels` setting the DHIS2 provider declares: which Geo-Object Type of the
// hierarchy is which DHIS2 level and how it is synchronized, its organisation unit groups, and per level the
// attribute matching (limited to DHIS2 attributes of a compatible value type) with term → option / group tables.
// Works from the live options (GET .../options) when DHIS2 answers them, and with typed ids when it does not.
import { api } from '../api.js';
import { h, fill, select, text, withError } from '../ui.js';

const FIELD_SOURCES = [['code', 'Code', 'TEXT'], ['label', 'Label', 'LOCALIZED_TEXT'], ['validFrom', 'Valid from', 'DATE'], ['validTo', 'Valid to', 'DATE']];
const BUILT_IN_TARGETS = ['name', 'shortName', 'code', 'description', 'openingDate', 'closedDate'];
const SYNC_TYPES = { ALL: 'Org units and relationships', ORG_UNITS: 'Org units (update only)', RELATIONSHIPS: 'Relationships only', NONE: 'None' };
const KINDS = { VALUE: 'Value', OPTION_SET: 'Term → option', ORG_UNIT_GROUP: 'Term → group' };

/** The editor: {element, read(out, errors), setHierarchy(code)}; `levels` is the stored setting. */
export function dhis2Levels({ levels, options = {}, disabled = false }) {
  const element = h('fieldset', { class: 'levels-editor' }, h('legend', {}, 'DHIS2 levels and matching'));
  const live = !!(options.attributes || options.builtInTargets);
  let state = new Map((Array.isArray(levels) ? levels : []).map((l) => [l.type, structuredClone(l)]));
  let fresh = !Array.isArray(levels) || !levels.length;
  let types = [];
  const classifications = new Map();
  const groups = options.orgUnitGroups || [];
  const datalist = h('datalist', { id: 'dhis2-targets' }, BUILT_IN_TARGETS.map((v) => h('option', { value: v })));

  async function setHierarchy(code) {
    if (types.length) state = new Map(collect().map((l) => [l.type, l]));
    if (!code) { types = []; return render(); }
    const [hierarchy, allTypes] = await Promise.all([api.get(`/hierarchies/${encodeURIComponent(code)}`), api.get('/geo-object-types')]);
    const byCode = Object.fromEntries(allTypes.map((t) => [t.code, t]));
    types = parentsFirst(hierarchy.nodes).map((c) => byCode[c] || { code: c, label: c, attributes: [] });
    const terms = types.flatMap((t) => t.attributes).filter((a) => a.type === 'term' && a.classification);
    await Promise.all([...new Set(terms.map((a) => a.classification))].map(async (c) => {
      classifications.set(c, (await api.optional(`/classifications/${encodeURIComponent(c)}`))?.terms || []);
    }));
    if (fresh) types.forEach((t) => state.has(t.code) || state.set(t.code, { type: t.code, syncType: 'ALL' }));
    fresh = false;
    render();
  }

  function render() {
    const legend = element.querySelector('legend');
    if (!types.length) return element.replaceChildren(legend, h('p', { class: 'hint' }, 'Choose a hierarchy to match its types to DHIS2 levels.'));
    const included = types.filter((t) => state.get(t.code)?.syncType);
    const levelName = (t) => {
      const i = included.indexOf(t);
      return i < 0 ? '—' : (options.organisationUnitLevels?.[i]?.name ? `${i + 1}: ${options.organisationUnitLevels[i].name}` : `Level ${i + 1}`);
    };
    const rows = types.map((t) => {
      const level = state.get(t.code) || { type: t.code };
      const sync = select([['', 'Not synchronized'], ...(options.syncTypes || Object.keys(SYNC_TYPES)).map((s) => [s, SYNC_TYPES[s] || s])],
        level.syncType, { disabled, 'aria-label': `Synchronize ${text(t.label)}`, 'data-key': `sync:${t.code}`, onchange: (e) => {
          if (e.target.value) state.set(t.code, { ...level, type: t.code, syncType: e.target.value });
          else state.set(t.code, { ...level, syncType: undefined });
          rerender(e.target);
        } });
      return h('tr', {}, h('th', { scope: 'row' }, `${text(t.label)} (${t.code})`), h('td', {}, levelName(t)),
        h('td', {}, withError(sync)), h('td', {}, level.syncType ? withError(groupControl(t, level)) : '—'));
    });
    fill(element, legend,
      h('table', { class: 'levels' }, h('caption', {}, 'Levels, parents first'),
        h('thead', {}, h('tr', {}, ['Geo-Object Type', 'DHIS2 level', 'Synchronize', 'Organisation unit groups'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows)),
      live ? null : [datalist, h('p', { class: 'hint' }, 'DHIS2 did not describe its attributes and groups here: type DHIS2 ids where asked.')],
      included.map((t) => mappingTable(t, state.get(t.code))));
  }

  /** Re-renders and puts the focus back on the control that changed (keyboard users keep their place). */
  function rerender(control) {
    const key = control.dataset.key;
    render();
    element.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
  }

  function groupControl(t, level) {
    const chosen = level.orgUnitGroups || [];
    const label = `Organisation unit groups of ${text(t.label)}`;
    const onchange = (e) => {
      level.orgUnitGroups = e.target.multiple ? [...e.target.selectedOptions].map((o) => o.value)
        : e.target.value.split(',').map((s) => s.trim()).filter(Boolean);
    };
    if (!groups.length) return h('input', { value: chosen.join(', '), disabled, 'aria-label': label, placeholder: 'group ids, comma-separated', 'data-key': `groups:${t.code}`, onchange });
    return h('select', { multiple: true, size: Math.max(2, Math.min(4, groups.length)), disabled, 'aria-label': label, 'data-key': `groups:${t.code}`, onchange },
      groups.map((g) => h('option', { value: g.id, selected: chosen.includes(g.id) }, g.name || g.id)));
  }

  function mappingTable(t, level) {
    level.attributes ||= [];
    const sources = [...FIELD_SOURCES.map(([code, label, type]) => ({ code, label, type })),
      ...t.attributes.map((a) => ({ code: a.code, label: text(a.label) || a.code, type: a.type.toUpperCase(), classification: a.classification }))];
    const name = text(t.label);
    const rows = level.attributes.map((m, i) => mappingRow(t, name, sources, level, m, i));
    const add = h('button', { type: 'button', disabled, 'data-key': `add:${t.code}`, onclick: (e) => {
      level.attributes.push({ source: '', target: '' });
      render();
      element.querySelector(`[data-key="${CSS.escape(`source:${t.code}:${level.attributes.length - 1}`)}"]`)?.focus() || e.target.focus();
    } }, `Add attribute mapping for ${name}`);
    return h('fieldset', { class: 'mappings' }, h('legend', {}, `Attribute matching: ${name}`),
      rows.length ? h('table', {}, h('thead', {}, h('tr', {}, ['Registry attribute', 'Kind', 'DHIS2 target', 'Terms', ''].map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows))
        : h('p', { class: 'hint' }, 'Defaults only: label → name and short name, code → code, validity → opening and closed dates.'),
      add);
  }

  function mappingRow(t, name, sources, level, m, i) {
    const n = i + 1;
    const source = sources.find((s) => s.code === m.source);
    const kind = m.type || 'VALUE';
    const key = (part) => `${part}:${t.code}:${i}`;
    const change = (e, apply) => { apply(e.target.value); rerender(e.target); };
    const sourceSel = select([['', 'Choose…'], ...sources.map((s) => [s.code, `${s.label} (${s.code})`])], m.source,
      { disabled, 'aria-label': `Registry attribute ${n}, ${name}`, 'data-key': key('source'),
        onchange: (e) => change(e, (v) => { m.source = v; m.type = undefined; m.terms = undefined; m.target = ''; }) });
    const term = source?.type === 'TERM';
    const kinds = term && live ? (options.mappingTypes || Object.keys(KINDS)) : ['VALUE'];
    const kindSel = kinds.length > 1 ? select(kinds.map((k) => [k, KINDS[k] || k]), kind, { disabled, 'aria-label': `Kind ${n}, ${name}`, 'data-key': key('kind'),
      onchange: (e) => change(e, (v) => { m.type = v === 'VALUE' ? undefined : v; m.terms = v === 'VALUE' ? undefined : {}; m.target = ''; }) }) : null;
    const targetCtl = kind === 'ORG_UNIT_GROUP' ? null : targetControl(source, kind, m, { disabled, 'aria-label': `DHIS2 target ${n}, ${name}`, 'data-key': key('target') },
      (e) => change(e, (v) => { m.target = v; }));
    const remove = h('button', { type: 'button', disabled, 'aria-label': `Remove attribute mapping ${n} of ${name}`, onclick: () => {
      level.attributes.splice(i, 1);
      render();
      element.querySelector(`[data-key="${CSS.escape(`add:${t.code}`)}"]`)?.focus();
    } }, 'Remove');
    return h('tr', { 'data-mapping': key('row') },
      h('td', {}, withError(sourceSel)), h('td', {}, kindSel ? withError(kindSel) : KINDS.VALUE),
      h('td', {}, targetCtl ? withError(targetCtl) : 'the group of each term'),
      h('td', {}, kind === 'VALUE' ? '' : termTable(source, kind, m, `${name}, mapping ${n}`)), h('td', {}, remove));
  }

  function targetControl(source, kind, m, attributes, onchange) {
    if (!live) {
      return h('input', { ...attributes, value: m.target || '', list: 'dhis2-targets', placeholder: 'e.g. description or attribute:<id>', onchange });
    }
    const fits = (registryTypes) => !source || !registryTypes || registryTypes.includes(source.type);
    const builtIns = kind === 'VALUE' ? (options.builtInTargets || []).filter((b) => fits(b.registryTypes)).map((b) => [b.target, b.target]) : [];
    const attrs = (options.attributes || []).filter((a) => (kind === 'OPTION_SET' ? !!a.optionSet : fits(a.registryTypes) && !a.optionSet))
      .map((a) => [a.target, `${a.name} (attribute ${a.valueType || ''})`]);
    return select([['', 'Choose…'], ...builtIns, ...attrs], m.target, { ...attributes, onchange });
  }

  function termTable(source, kind, m, what) {
    const terms = classifications.get(source?.classification) || [];
    m.terms ||= {};
    if (!terms.length) return h('span', { class: 'hint' }, 'The classification has no terms.');
    const attribute = (options.attributes || []).find((a) => a.target === m.target);
    const optionSet = (options.optionSets || []).find((s) => s.id === attribute?.optionSet);
    const choices = kind === 'OPTION_SET' ? optionSet?.options?.map((o) => [o.code, `${o.name} (${o.code})`]) : groups.map((g) => [g.id, g.name || g.id]);
    return h('table', {}, h('tbody', {}, terms.map((tm) => {
      const label = `${text(tm.label) || tm.code} → ${kind === 'OPTION_SET' ? 'option' : 'group'} (${what})`;
      const onchange = (e) => { if (e.target.value) m.terms[tm.code] = e.target.value; else delete m.terms[tm.code]; };
      const control = choices?.length ? select([['', 'Not mapped'], ...choices], m.terms[tm.code], { disabled, 'aria-label': label, onchange })
        : h('input', { value: m.terms[tm.code] || '', disabled, 'aria-label': label, onchange });
      control.dataset.term = tm.code;
      return h('tr', {}, h('th', { scope: 'row' }, text(tm.label) || tm.code), h('td', {}, withError(control)));
    })));
  }

  /** The levels as the provider reads them: synchronized types in hierarchy order. */
  function collect() {
    return types.map((t) => state.get(t.code)).filter((l) => l?.syncType).map((l) => {
      const out = { type: l.type, syncType: l.syncType };
      if (l.orgUnitGroups?.length) out.orgUnitGroups = l.orgUnitGroups;
      if (l.dhis2Level) out.dhis2Level = l.dhis2Level;
      if (l.attributes?.length) out.attributes = l.attributes.map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined && v !== '')));
      return out;
    });
  }

  /** Names every control by the API's field path, so the server's refusals land next to the right control. */
  function label(levelsOut) {
    element.dataset.field = 'settings.levels';
    levelsOut.forEach((l, i) => {
      const at = `settings.levels[${i}]`;
      const set = (key, field) => { const c = element.querySelector(`[data-key="${CSS.escape(key)}"]`); if (c) c.dataset.field = field; };
      set(`sync:${l.type}`, `${at}.syncType`);
      set(`groups:${l.type}`, `${at}.orgUnitGroups`);
      (state.get(l.type).attributes || []).forEach((m, j) => {
        ['source', 'kind', 'target'].forEach((part) => set(`${part}:${l.type}:${j}`, `${at}.attributes[${j}].${part === 'kind' ? 'type' : part}`));
        element.querySelector(`[data-mapping="${CSS.escape(`row:${l.type}:${j}`)}"]`)?.querySelectorAll('[data-term]')
          .forEach((c) => { c.dataset.field = `${at}.attributes[${j}].terms.${c.dataset.term}`; });
      });
    });
  }

  return {
    element,
    setHierarchy,
    read(out) {
      const levelsOut = collect();
      label(levelsOut);
      out.levels = levelsOut;
    },
  };
}

function parentsFirst(nodes) {
  const out = [];
  let left = [...nodes];
  while (left.length) {
    const next = left.filter((n) => !n.parent || out.includes(n.parent));
    if (!next.length) break;
    next.forEach((n) => out.push(n.type));
    left = left.filter((n) => !next.includes(n));
  }
  return out;
}
