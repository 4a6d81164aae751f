// The places list: sites and households with search and filters (township,
// village, kind of place, open notices).

import { t } from '../i18n.js';
import { allPlaces, openNoticesByPlace, regionIndex } from '../places.js';
import { field, fill, h, select } from '../ui.js';

export const NAME = 'places';

/** The filters, kept while the app runs. */
const filters = { q: '', township: '', village: '', kind: '', open: false };

export async function screen(app) {
  const { client } = app;
  const list = h('ul', { class: 'places', dataset: { test: 'places' } });
  const count = h('p', { class: 'count', dataset: { test: 'places-count' } });
  const villageBox = h('div');
  const townshipBox = h('div');

  let data = null;
  const load = async () => {
    const [places, regions, notices] = await Promise.all([allPlaces(client), client.records('region'), client.records('notice')]);
    data = { places, regions: regionIndex(regions), open: openNoticesByPlace(notices) };
  };

  const searched = () => {
    filters.q = search.value;
    renderList();
  };
  const search = h('input', {
    type: 'search', name: 'q', value: filters.q, placeholder: t('search'), dataset: { test: 'search' },
    oninput: searched, onchange: searched,
  });
  const kind = select(
    { name: 'kind', dataset: { test: 'filter-kind' }, onchange: () => ((filters.kind = kind.value), renderList()) },
    [['', t('all')], ['site', t('sites')], ['household', t('households')]],
    filters.kind,
  );
  const open = h('input', {
    type: 'checkbox', name: 'open', checked: filters.open, dataset: { test: 'filter-open' },
    onchange: () => ((filters.open = open.checked), renderList()),
  });

  function renderRegions() {
    const township = select(
      { name: 'township', dataset: { test: 'filter-township' }, onchange: () => ((filters.township = township.value), (filters.village = ''), renderRegions(), renderList()) },
      [['', t('all')], ...data.regions.townships().map((r) => [r.id, r.name])],
      filters.township,
    );
    const village = select(
      { name: 'village', dataset: { test: 'filter-village' }, onchange: () => ((filters.village = village.value), renderList()) },
      [['', t('all')], ...data.regions.villages(filters.township).map((r) => [r.id, r.name])],
      filters.village,
    );
    fill(townshipBox, field(t('township'), township));
    fill(villageBox, field(t('village'), village));
  }

  function matches(p) {
    const q = filters.q.trim().toLowerCase();
    if (q && ![p.name, p.detail, p.record.head_name].some((s) => String(s ?? '').toLowerCase().includes(q))) return false;
    if (filters.kind && p.type !== filters.kind) return false;
    if (filters.township && data.regions.township(p.region_id)?.id !== filters.township) return false;
    if (filters.village && data.regions.village(p.region_id)?.id !== filters.village) return false;
    if (filters.open && !data.open.get(p.id)) return false;
    return true;
  }

  function renderList() {
    const shown = data.places.filter(matches);
    count.textContent = t('shown_of', { n: shown.length, total: data.places.length });
    fill(
      list,
      shown.length === 0 ? h('li', { class: 'empty' }, t('no_places')) : null,
      shown.map((p) => {
        const village = data.regions.village(p.region_id)?.name;
        const township = data.regions.township(p.region_id)?.name;
        const openCount = data.open.get(p.id) ?? 0;
        return h(
          'li',
          {},
          h(
            'a',
            { class: 'place', href: `#/place/${p.type}/${p.id}`, dataset: { test: 'place', type: p.type, id: p.id } },
            h('span', { class: `tag ${p.type}` }, t(p.type)),
            h('strong', { class: 'name' }, p.name),
            h('span', { class: 'detail' }, [township, village].filter(Boolean).join(' · '), p.detail ? ` · ${p.detail}` : ''),
            openCount > 0 ? h('span', { class: 'badge', dataset: { test: 'open-notices' } }, t('open_notices', { n: openCount })) : null,
          ),
        );
      }),
    );
  }

  await load();
  renderRegions();
  renderList();
  const node = h(
    'section',
    {},
    h('h1', {}, t('places')),
    h(
      'div',
      { class: 'filters' },
      field(t('search'), search),
      h('div', { class: 'pair' }, townshipBox, villageBox),
      field(t('kind_of_place'), kind),
      h('label', { class: 'check' }, open, h('span', {}, t('open_notices_only'))),
    ),
    count,
    list,
  );
  const refresh = async () => {
    await load();
    if (!townshipBox.contains(document.activeElement) && !villageBox.contains(document.activeElement)) renderRegions();
    renderList();
  };
  return { title: t('places'), node, refresh };
}
