// How the mutations this app queues show on the records before the server
// has them (the library replays them on the synced records, §7).

const STRONG = new Set(['stop_work', 'equipment_sealed', 'case_filed']);

/** The overlays, given a function answering the signed-in user. */
export function overlays(user) {
  return {
    'inspection.create': (view, a, m) =>
      view.put('inspection', a.id, {
        id: a.id, kind: a.kind ?? null, template_id: a.template_id, site_id: a.site_id ?? null,
        household_id: a.household_id ?? null, inspector_id: user()?.id ?? null, status: 'draft',
        started_at: a.started_at ?? m.client_time, finished_at: null, notes: a.notes ?? '', conclusion: '',
        answers: a.answers ?? {}, findings: a.findings ?? [], photos: a.photos ?? [], location: a.location ?? null,
        score: null, grade: null, result: null, rev: 1, queued: true,
      }),
    'inspection.update': (view, a) => {
      const record = view.get('inspection', a.id);
      if (!record) return;
      const answers = { ...record.answers };
      for (const [id, value] of Object.entries(a.answers ?? {})) {
        if (value === null) delete answers[id];
        else answers[id] = value;
      }
      const removed = new Set(a.removed_findings ?? []);
      const findings = record.findings.filter((f) => !removed.has(f.id));
      for (const f of a.findings ?? []) {
        const at = findings.findIndex((g) => g.id === f.id);
        if (at >= 0) findings[at] = f;
        else findings.push(f);
      }
      view.put('inspection', a.id, {
        ...record, answers, findings, notes: a.notes ?? record.notes, conclusion: a.conclusion ?? record.conclusion,
        photos: a.photos ?? record.photos, queued: true,
      });
    },
    'inspection.finish': (view, a, m) => {
      const record = view.get('inspection', a.id);
      if (!record) return;
      view.put('inspection', a.id, {
        ...record, status: 'finished', finished_at: a.finished_at ?? m.client_time,
        conclusion: a.conclusion ?? record.conclusion, queued: true,
      });
    },
    'notice.create': (view, a) =>
      view.put('notice', a.id, {
        id: a.id, number: null, kind: a.kind, state: 'draft', inspection_id: a.inspection_id ?? null,
        site_id: a.site_id ?? null, household_id: a.household_id ?? null, author_id: user()?.id ?? null,
        findings: a.findings ?? [], legal_basis: a.legal_basis ?? '', required_actions: a.required_actions ?? '',
        deadline_days: a.deadline_days ?? null, deadline: a.deadline ?? null, penalty_amount: a.penalty_amount ?? null,
        issued_at: null, responded_at: null, closed_at: null, response: null, verdict_comment: null, queued: true,
      }),
    'notice.issue': (view, a, m) => {
      const record = view.get('notice', a.id);
      if (!record) return;
      const result = m.result ?? {};
      view.put('notice', a.id, {
        ...record, state: result.state ?? (STRONG.has(record.kind) ? 'pending_approval' : 'issued'),
        number: result.number ?? a.number ?? record.number ?? null, deadline: result.deadline ?? record.deadline,
        issued_at: a.at ?? m.client_time, queued: true,
        ...(a.service ? { served_at: result.served_at ?? a.at ?? m.client_time, service: a.service } : {}),
      });
    },
    'notice.serve': (view, a, m) => {
      const record = view.get('notice', a.id);
      if (!record) return;
      const result = m.result ?? {};
      view.put('notice', a.id, {
        ...record, served_at: result.served_at ?? a.at ?? m.client_time, service: a.service,
        deadline: result.deadline ?? record.deadline, queued: true,
      });
    },
    'notice.verify': (view, a, m) => {
      const record = view.get('notice', a.id);
      if (record) view.put('notice', a.id, { ...record, state: 'verified', closed_at: a.at ?? m.client_time, queued: true });
    },
    'notice.reject': (view, a) => {
      const record = view.get('notice', a.id);
      if (record) view.put('notice', a.id, { ...record, state: 'rejected', verdict_comment: a.comment, queued: true });
    },
  };
}

/** Whether a notice kind goes to a supervisor before it is served. */
export const isStrongMeasure = (kind) => STRONG.has(kind);
