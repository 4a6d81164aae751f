// The live figures of an inspection, computed on the device from its
// template's body: a mirror of server/src/templates/evaluate.rs, answer.rs
// and score.rs (the server's `result`). A browser test compares the two
// after sync (tests/webdriver/field_scoring.rs); change both together.

/** JGJ 59: a total of at least this is good (优良). */
export const GOOD = 80;
/** JGJ 59: a total of at least this passes (合格). */
export const PASS = 70;
/** JGJ 59: guarantee items converted to their full points under this zero the table. */
export const GUARANTEE_FLOOR = 40;
/** The answer of a JGJ 59 item that does not apply (缺项). */
export const NOT_APPLICABLE = 'not_applicable';

const EPSILON = 1e-9;
const SHA256 = /^[0-9a-f]{64}$/;

const round2 = (n) => Math.round(n * 100) / 100;

/** Every item of a body with its section. */
export function itemsOf(body) {
  return body.sections.flatMap((section) => section.items.map((item) => ({ section, item })));
}

/** The item with this id, or undefined. */
export function itemOf(body, id) {
  return itemsOf(body).find((e) => e.item.id === id)?.item;
}

/** An answer's value (bare or the `value` of the object form). */
export function valueOf(raw) {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw.value : raw;
}

/** An answer's photos. */
export function photosOf(raw) {
  return raw !== null && typeof raw === 'object' && Array.isArray(raw.photos) ? raw.photos : [];
}

class Refusal extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

/**
 * Reads an answer against its item: `{value: {t, v}, photos}`, or throws a
 * Refusal with the server's field code.
 */
export function readAnswer(item, raw) {
  let value = raw;
  let unit = null;
  let photos = [];
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    if (Object.keys(raw).some((k) => !['value', 'unit', 'photos', 'note'].includes(k))) throw new Refusal('unknown_key');
    if (!('value' in raw)) throw new Refusal('required');
    value = raw.value;
    if (raw.unit != null && typeof raw.unit !== 'string') throw new Refusal('invalid');
    unit = raw.unit ?? null;
    if (raw.note != null && typeof raw.note !== 'string') throw new Refusal('invalid');
    if (raw.photos != null) {
      if (!Array.isArray(raw.photos) || raw.photos.some((p) => typeof p !== 'string' || !SHA256.test(p))) {
        throw new Refusal('invalid_photos');
      }
      photos = raw.photos;
    }
  }
  const type = item.answer.type;
  if (type === 'deduction' && value === NOT_APPLICABLE && unit === null) {
    if (item.guarantee && !item.may_not_apply) throw new Refusal('must_apply');
    return { value: { t: 'na' }, photos };
  }
  if (unit !== null && !(type === 'number' && item.answer.unit === unit)) throw new Refusal('wrong_unit');
  return { value: typed(item.answer, value), photos };
}

function number(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Refusal('wrong_type');
  return value;
}

function typed(answer, value) {
  switch (answer.type) {
    case 'pass_fail':
      if (value === 'pass' || value === 'fail') return { t: 'pass', v: value === 'pass' };
      throw new Refusal('wrong_type');
    case 'number': {
      const n = number(value);
      if (n < answer.min || n > answer.max) throw new Refusal('out_of_range');
      return { t: 'number', v: n };
    }
    case 'choice':
      if (typeof value === 'string' && answer.options.some((o) => o.value === value)) return { t: 'choice', v: value };
      throw new Refusal('not_allowed');
    case 'text': {
      if (typeof value !== 'string') throw new Refusal('wrong_type');
      if ([...value].length > (answer.max_length ?? 2000)) throw new Refusal('too_long');
      return { t: 'text', v: value };
    }
    case 'grade':
      if (['a', 'b', 'c', 'd'].includes(value)) return { t: 'grade', v: value.charCodeAt(0) - 97 };
      throw new Refusal('wrong_type');
    case 'deduction': {
      const n = number(value);
      if (n < 0 || n > answer.max_points) throw new Refusal('out_of_range');
      return { t: 'deduction', v: n };
    }
    default:
      throw new Refusal('wrong_type');
  }
}

const given = (answers, id) => answers[id] !== undefined && answers[id] !== null;

/** Whether a section counts: always, unless optional and switched off or untouched. */
export function applies(section, answers) {
  if (!section.optional) return true;
  const on = answers[section.id];
  if (typeof on === 'boolean') return on;
  return section.items.some((i) => given(answers, i.id));
}

/** Whether an item must be answered before finishing (JGJ 59: every guarantee item too). */
export function isRequired(body, item) {
  return Boolean(item.required) || (body.scoring === 'jgj59' && Boolean(item.guarantee));
}

/** Whether a read answer fails its item; `read` holds the other read answers by id. */
export function fails(item, answer, read) {
  const { t, v } = answer.value;
  if (t === 'pass') return !v;
  if (t === 'number' && item.answer.type === 'number') {
    const { pass_min: passMin, pass_min_when: when = [], pass_max: passMax } = item.answer;
    const condition = when.find((c) => {
      const other = read.get(c.item)?.value;
      return other?.t === 'choice' && other.v === c.equals;
    });
    const floor = condition ? condition.min : passMin;
    return (floor != null && v < floor) || (passMax != null && v > passMax);
  }
  if (t === 'choice' && item.answer.type === 'choice') return item.answer.options.some((o) => o.value === v && o.fails);
  if (t === 'grade') return v >= 2;
  if (t === 'deduction') return v > 0;
  return false;
}

/**
 * Checks `answers` (item id → answer, optional section id → boolean)
 * against the body and computes the result, as the server does. Answers
 * `{errors: [{field, code}], result}`: `result` is what the server stores
 * (`complete`, `grade`, `score`, `failed`, `tables`, `categories`,
 * `renovation`), computed from the valid answers even when there are errors
 * (the server would refuse those answers). `final`: as `inspection.finish`.
 */
export function evaluate(body, answers, final = false) {
  const errors = [];
  const fail = (id, code) => errors.push({ field: `answers.${id}`, item_id: id, code });
  const sectionIds = new Set(body.sections.map((s) => s.id));
  const itemIds = new Set(itemsOf(body).map((e) => e.item.id));
  for (const [id, value] of Object.entries(answers)) {
    if (value === null || value === undefined) continue;
    if (sectionIds.has(id)) {
      const section = body.sections.find((s) => s.id === id);
      if (!(section.optional && typeof value === 'boolean')) fail(id, 'not_optional');
    } else if (!itemIds.has(id)) {
      fail(id, 'unknown_item');
    }
  }
  const dangerousSite = itemsOf(body).some(({ item }) => {
    if (!item.site_danger || !given(answers, item.id)) return false;
    try {
      const a = readAnswer(item, answers[item.id]);
      return a.value.t === 'pass' && !a.value.v;
    } catch {
      return false;
    }
  });
  const read = new Map();
  const applicable = [];
  let complete = true;
  for (const section of body.sections) {
    const on = applies(section, answers);
    for (const item of section.items) {
      const has = given(answers, item.id);
      if (!on) {
        if (has) fail(item.id, 'not_applicable');
        continue;
      }
      if (!has) {
        if (isRequired(body, item) && !(dangerousSite && item.component)) {
          complete = false;
          if (final) fail(item.id, 'required');
        }
        continue;
      }
      try {
        read.set(item.id, readAnswer(item, answers[item.id]));
      } catch (refusal) {
        fail(item.id, refusal.code ?? 'invalid');
      }
    }
    if (on) {
      if (body.scoring === 'jgj59' && section.items.every((i) => read.get(i.id)?.value.t === 'na')) {
        fail(section.id, 'nothing_applies');
      }
      applicable.push(section);
    }
  }
  const failed = [];
  for (const item of applicable.flatMap((s) => s.items)) {
    const answer = read.get(item.id);
    if (!answer || !fails(item, answer, read)) continue;
    if (item.photo_required && answer.photos.length === 0) fail(item.id, 'photo_required');
    failed.push({ item_id: item.id, severity: item.severity ?? 'major' });
  }
  let result;
  if (body.scoring === 'pass_fail') result = passFail(failed, complete);
  else if (body.scoring === 'jgj59') result = jgj59(body, applicable, read);
  else result = rural(applicable, read);
  return { errors, result: { complete, ...result, failed } };
}

function passFail(failed, complete) {
  let grade = null;
  if (failed.length > 0) grade = 'fail';
  else if (complete) grade = 'pass';
  return { grade, score: null };
}

/** JGJ 59-2011 §4.0.3, §4.0.4, as score.rs. */
function jgj59(body, applicable, read) {
  const tables = applicable.map((section) => table(section, read));
  const categories = [];
  for (const category of body.categories ?? []) {
    const scores = applicable
      .map((s, i) => [s, tables[i]])
      .filter(([s]) => s.category === category.id)
      .map(([, t]) => t.score);
    if (scores.length === 0) continue;
    const score = round2(scores.reduce((a, b) => a + b, 0) / scores.length);
    const points = round2((score * category.weight) / 100);
    categories.push({ category_id: category.id, score, weight: category.weight, points });
  }
  const weights = categories.reduce((a, c) => a + c.weight, 0);
  const score = weights > 0 ? round2(categories.reduce((a, c) => a + c.score * c.weight, 0) / weights) : null;
  const anyZero = tables.some((t) => t.score <= 0);
  let grade = null;
  if (score !== null) grade = anyZero ? 'fail' : score >= GOOD ? 'good' : score >= PASS ? 'pass' : 'fail';
  return { grade, score, tables, categories };
}

function part() {
  return { kept: 0, applicable: 0, full: 0 };
}

function add(p, maxPoints, kept) {
  p.full += maxPoints;
  if (kept !== null) {
    p.kept += kept;
    p.applicable += maxPoints;
  }
}

const converted = (p) => (p.applicable > 0 ? (p.kept / p.applicable) * p.full : p.full);

/** One check table's score, as score.rs `table`. */
export function table(section, read) {
  const all = part();
  const guarantee = part();
  let guaranteeZero = false;
  for (const item of section.items) {
    if (item.answer.type !== 'deduction') continue;
    const max = item.answer.max_points;
    const value = read.get(item.id)?.value;
    let kept = max;
    if (value?.t === 'na') kept = null;
    else if (value?.t === 'deduction') kept = max - Math.min(value.v, max);
    add(all, max, kept);
    if (item.guarantee) {
      add(guarantee, max, kept);
      if (kept !== null && kept <= 0) guaranteeZero = true;
    }
  }
  const hasGuarantee = guarantee.applicable > 0;
  const zeroed = hasGuarantee && (guaranteeZero || converted(guarantee) < GUARANTEE_FLOOR - EPSILON);
  const score = zeroed || all.applicable <= 0 ? 0 : round2((all.kept / all.applicable) * 100);
  return { section_id: section.id, score, zeroed };
}

/** Rural appraisal: site danger makes D; else the worst component grade. */
function rural(applicable, read) {
  const items = applicable.flatMap((s) => s.items);
  const dangerous = items
    .filter((i) => i.site_danger)
    .some((i) => {
      const v = read.get(i.id)?.value;
      return v?.t === 'pass' && !v.v;
    });
  let worst = null;
  if (dangerous) worst = 3;
  else {
    for (const i of items.filter((i) => i.component)) {
      const v = read.get(i.id)?.value;
      if (v?.t === 'grade' && (worst === null || v.v > worst)) worst = v.v;
    }
  }
  const grade = worst === null ? null : String.fromCharCode(65 + worst);
  const renovation = worst === 2 ? 'repair_reinforce' : worst === 3 ? 'demolish_rebuild' : null;
  return { grade, score: null, renovation };
}
