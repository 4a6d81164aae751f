// Places (sites and households) and what the app says about them: their
// region's township and village, their open notices, their history.

/** Notice states that still wait for someone. */
export const OPEN_STATES = new Set(['pending_approval', 'issued', 'acknowledged', 'responded', 'rejected']);

/** Regions by id, with each region's township and village ancestors. */
export function regionIndex(regions) {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const up = (id, level) => {
    for (let r = byId.get(id), guard = 0; r && guard < 10; r = byId.get(r.parent_id), guard += 1) {
      if (r.level === level) return r;
    }
    return undefined;
  };
  return {
    byId,
    township: (id) => up(id, 'township'),
    village: (id) => up(id, 'village'),
    townships: () => regions.filter((r) => r.level === 'township' && !r.disabled).sort(byName),
    villages: (townshipId) =>
      regions.filter((r) => r.level === 'village' && !r.disabled && (!townshipId || up(r.id, 'township')?.id === townshipId)).sort(byName),
  };
}

const byName = (a, b) => String(a.name).localeCompare(String(b.name), 'zh-CN');

/** Every place the user sees, as `{type, id, name, detail, region_id, record}`. */
export async function allPlaces(client) {
  const [sites, households] = await Promise.all([client.records('site'), client.records('household')]);
  return [
    ...sites.filter((s) => !s.disabled).map((s) => ({ type: 'site', id: s.id, name: s.name, detail: s.address ?? '', region_id: s.region_id, record: s })),
    ...households
      .filter((x) => !x.disabled)
      .map((x) => ({ type: 'household', id: x.id, name: x.head_name, detail: x.address ?? '', region_id: x.region_id, record: x })),
  ].sort(byName);
}

/** The notices and inspections of one place, newest first. */
export function historyOf(place, inspections, notices) {
  const key = place.type === 'site' ? 'site_id' : 'household_id';
  const items = [
    ...inspections.filter((i) => i[key] === place.id).map((i) => ({ type: 'inspection', at: i.finished_at ?? i.started_at ?? '', record: i })),
    ...notices
      .filter((n) => n[key] === place.id)
      .map((n) => ({ type: 'notice', at: n.closed_at ?? n.responded_at ?? n.issued_at ?? '\uffff', record: n })),
  ];
  return items.sort((a, b) => String(b.at).localeCompare(String(a.at)));
}

/** Open notices by place id. */
export function openNoticesByPlace(notices) {
  const counts = new Map();
  for (const n of notices.filter((n) => OPEN_STATES.has(n.state))) {
    const id = n.site_id ?? n.household_id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The inspection kinds a place is inspected with. */
export const kindsFor = (type) => (type === 'site' ? ['dust_control', 'quality_safety'] : ['rural_appraisal']);
