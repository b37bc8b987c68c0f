// An in-memory stand-in for the Rust shell, injected into the page before the app's code
// (with @tauri-apps/api/mocks' mockIPC). It mimics the commands' shapes and a few of the
// core's validation rules so page tests can exercise the UI's error handling.
window.__installFake = function installFake(opts) {
  const { mockIPC, mockWindows } = window.__tauriMocks;
  const calls = [];
  window.__calls = calls;
  // Whether the "loading" screen was ever in the page (it should be only on a slow start).
  window.__seenLoading = false;
  new MutationObserver(() => {
    if (document.querySelector('main.loading')) window.__seenLoading = true;
  }).observe(document, { childList: true, subtree: true });
  // Which timeline pages the UI asked for (a big case must be read a page at a time).
  const pageReads = [];
  window.__pageReads = pageReads;
  // What a test may change while the page runs. `integrity`: the report verify_case answers
  // (null: computed, everything verifies); `slowVerify`: verify_case waits for
  // window.__fake.finishVerify(); `attemptId(n)`: the id of attempt #n, `companyId(name)`: a company's.
  window.__fake = { integrity: opts.integrity ?? null, slowVerify: !!opts.slowVerify, finishVerify: null, attemptId: (n) => db.attempts.find((a) => a.number === n)?.id ?? null, companyId: (name) => db.companies.find((c) => c.trade_name === name)?.id ?? null };
  window.__fake.opts = opts;
  let seq = 0;
  const uuid = () => `0190${String(++seq).padStart(4, '0')}-0000-7000-8000-${String(seq).padStart(12, '0')}`;
  const now = () => new Date().toISOString();
  const db = { claimants: [], companies: [], cases: [], attempts: [], evidence: [], history: {}, defaultClaimant: null, settings: { language: opts.language || 'auto', date_format: opts.dateFormat || 'short' }, chosenDir: null };

  function invalid(errors) {
    return { code: 'invalid', field: errors[0].field, message: errors.map((e) => `${e.field}: ${e.message}`).join('; '), fields: errors };
  }
  function meta(id, revision, reason) {
    return { id, revision, recorded_at: now(), reason };
  }
  function remember(rec, body) {
    (db.history[rec.id] ??= []).push({ kind: 'x', id: rec.id, revision: rec.revision, recorded_at: rec.recorded_at, reason: rec.reason, body, link_hash: 'ab'.repeat(32) });
  }
  function notFound(kind, id) {
    return { code: 'not_found', message: `${kind} ${id} not found` };
  }
  let ready = false;
  function emit() {
    // Like the shell, tell the UI after each write (once the mocked IPC is in place).
    if (ready) window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'changed', payload: { case_id: null, what: 'x' } });
  }
  function reasonCheck(reason) {
    if (!reason || !reason.trim()) throw invalid([{ field: 'revision.reason', code: 'required', message: 'is required' }]);
  }
  function checkClaimant(d) {
    if (!d.full_name.trim()) throw invalid([{ field: 'claimant.full_name', code: 'required', message: 'is required' }]);
    if (d.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(d.email)) throw invalid([{ field: 'claimant.email', code: 'invalid_email', message: 'bad email' }]);
  }
  function checkCompany(d) {
    const e = [];
    if (!d.trade_name.trim()) e.push({ field: 'company.trade_name', code: 'required', message: 'is required' });
    (d.channels ?? []).forEach((c, i) => {
      if (!c.value.trim()) e.push({ field: `company.channels.${i}.value`, code: 'required', message: 'is required' });
      else if (c.channel === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.value)) e.push({ field: `company.channels.${i}.value`, code: 'invalid_email', message: 'bad email' });
    });
    if (e.length) throw invalid(e);
  }
  function checkCase(d) {
    const e = [];
    if (!d.title.trim()) e.push({ field: 'case.title', code: 'required', message: 'is required' });
    if (d.amount && d.amount.minor < 0) e.push({ field: 'case.amount', code: 'negative', message: 'cannot be negative' });
    if (e.length) throw invalid(e);
  }
  function checkAttempt(d) {
    const e = [];
    if (Date.parse(d.happened_at) > Date.now() + 5 * 60000) e.push({ field: 'attempt.happened_at', code: 'in_future', message: 'cannot be in the future' });
    if (d.outcome === 'promise' && !d.promised_by) e.push({ field: 'attempt.promised_by', code: 'required', message: 'is required when the outcome is a promise' });
    if (e.length) throw invalid(e);
  }
  // Runs every check and throws one error with all their fields, like the core's validate::all.
  function allErrors(checks) {
    const errors = [];
    for (const check of checks) {
      try {
        check();
      } catch (e) {
        errors.push(...e.fields);
      }
    }
    if (errors.length) throw invalid(errors);
  }
  function latest(list, id) {
    return list.find((r) => r.id === id);
  }
  function attemptsOf(caseId) {
    return db.attempts.filter((a) => a.case_id === caseId).sort((a, b) => Date.parse(a.happened_at) - Date.parse(b.happened_at));
  }
  function stats(caseId) {
    const a = attemptsOf(caseId);
    const count = (f) => a.filter(f).length;
    const first = a[0]?.happened_at ?? null;
    return {
      attempts: a.length, from_claimant: count((x) => x.direction === 'to_company'), from_company: count((x) => x.direction === 'from_company'),
      first_contact: first, last_contact: a.at(-1)?.happened_at ?? null,
      days_since_first_contact: first ? Math.floor((Date.now() - Date.parse(first)) / 86400000) : null,
      channels_used: [...new Set(a.map((x) => x.channel))], no_response: count((x) => x.outcome === 'no_response'),
      canned_replies: count((x) => x.outcome === 'canned_reply'), promises_made: count((x) => x.outcome === 'promise'),
      promises_broken: 0, promises_pending: 0, redirected: count((x) => x.outcome === 'redirected'),
      longest_wait_secs: null, longest_wait_open: false, last_formal_demand: null, formal_demands: count((x) => x.formal_demand), final_response: null,
      filing_deadline: opts.deadline ?? null,
    };
  }
  function summary(c) {
    const a = attemptsOf(c.id);
    return {
      id: c.id, title: c.title, status: c.status, company_id: c.company_id, company_name: latest(db.companies, c.company_id)?.trade_name ?? '',
      claimant_id: c.claimant_id, claimant_name: latest(db.claimants, c.claimant_id)?.full_name ?? '', agency: c.agency,
      opened_on: c.opened_on, attempts: a.length, first_contact: a[0]?.happened_at ?? null, last_contact: a.at(-1)?.happened_at ?? null, overdue_promises: 0, next_due: opts.nextDue?.[c.title] ?? null, archived: !!c.archived,
    };
  }
  function create(list, draft, extra = {}) {
    const rec = { ...extra, ...meta(uuid(), 1, ''), ...draft };
    list.push(rec);
    remember(rec, draft);
    emit();
    return rec;
  }
  // Dropped files by token (as Rust keeps them), and duplicates awaiting the user's answer.
  const drops = new Map();
  const asks = new Map();
  let tokens = 0;
  // Adds files to a case as the shell does: bytes the case already has (by hash, not
  // withdrawn) are held under a token and reported, the rest recorded.
  function addFiles(caseId, files, attemptId, note) {
    const out = { added: [], duplicates: [] };
    const held = [];
    for (const f of files) {
      const existing = db.evidence.find((e) => e.case_id === caseId && !e.withdrawn && e.sha256 === f.sha256);
      if (existing) {
        held.push(f);
        out.duplicates.push({ original_name: f.original_name, existing });
      } else out.added.push(create(db.evidence, { ...f, attempt_id: attemptId, note }, { case_id: caseId }));
    }
    if (held.length) {
      out.token = `ask-${++tokens}`;
      asks.set(out.token, { caseId, attemptId, note, files: held });
    }
    return out;
  }
  // What a test calls to simulate the OS dropping files on the window.
  window.__fake.drop = (files) => {
    const token = `drop-${++tokens}`;
    drops.set(token, files);
    window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'evidence-dropped', payload: { token, count: files.length } });
    return token;
  };
  function revise(list, id, draft, reason, kind) {
    reasonCheck(reason);
    const i = list.findIndex((r) => r.id === id);
    if (i < 0) throw notFound(kind, id);
    const rec = { ...list[i], ...meta(id, list[i].revision + 1, reason), ...draft };
    list[i] = rec;
    remember(rec, draft);
    emit();
    return rec;
  }
  function setArchived(id, archived, reason) {
    if (opts.readOnly) throw readOnly();
    reasonCheck(reason);
    const c = latest(db.cases, id);
    if (!c) throw notFound('case', id);
    if (!!c.archived === archived) throw invalid([{ field: 'case.archived', code: archived ? 'already_archived' : 'not_archived', message: 'no change' }]);
    return revise(db.cases, id, { archived: archived || undefined }, reason, 'case');
  }
  function readOnly() {
    return { code: 'read_only', message: 'read-only data folder: /tmp/fake was opened read-only' };
  }
  function demo() {
    const cl = create(db.claimants, { full_name: 'María Fernanda Ruiz', id_document: null, address: 'Calle Roble 12, CDMX', phone: '', email: 'maria@example.com' });
    db.defaultClaimant ??= cl.id;
    const co = create(db.companies, { trade_name: 'ConectaMóvil', legal_name: 'ConectaMóvil S.A. de C.V.', tax_id: 'CMO010101AAA', address: '', website: '', channels: [] });
    const c = create(db.cases, { claimant_id: cl.id, company_id: co.id, title: 'Reembolso de celular no entregado', product: 'Celular', account_ref: 'CM-1', purchase_date: '2026-10-01', amount: { minor: 899900, currency: 'MXN' }, facts: 'No llegó.', requests: 'Reembolso.', agency: 'profeco', agency_folio: '', status: 'waiting', opened_on: '2026-10-20', lang: 'es' });
    const n = opts.demoAttempts ?? 12;
    const start = Date.parse('2026-01-01T15:00:00Z');
    const outcomes = ['no_response', 'canned_reply', 'redirected', 'promise'];
    for (let i = 0; i < n; i++) {
      const t = new Date(start + i * 3600000);
      const iso = t.toISOString().replace('.000Z', '-06:00');
      const at = { case_id: c.id, ...meta(uuid(), 1, ''), number: i + 1, happened_at: iso, direction: i % 3 ? 'to_company' : 'from_company', channel: i % 2 ? 'email' : 'phone', channel_detail: '', agent: `Agente ${i + 1}`, reference: `T-${i + 1}`, duration_secs: i % 2 ? null : 120 + i, asked: 'Reembolso del pedido', outcome: outcomes[i % 4], response: i % 4 === 1 ? 'Lamentamos el inconveniente.' : '', promised_by: i % 4 === 3 ? '2026-12-01' : null, formal_demand: i % 5 === 0 };
      db.attempts.push(at);
      remember(at, at);
    }
    if (opts.imageEvidence) {
      const newest = db.attempts.filter((a) => a.case_id === c.id).at(-1);
      db.evidence.push({ case_id: c.id, ...meta(uuid(), 1, ''), sha256: 'ef'.repeat(32), original_name: 'captura-chat.png', media_type: 'image/png', size: 70, attempt_id: newest.id, note: '' });
    }
    emit();
    return c.id;
  }
  if (opts.demo) demo();
  // The first case's fields without its record metadata, to make more cases from.
  function firstCaseDraft() {
    const draft = { ...db.cases[0] };
    for (const k of ['id', 'revision', 'recorded_at', 'reason']) delete draft[k];
    return draft;
  }
  // Many more cases of the demo's parties, oldest opened first ("Caso 1".."Caso n").
  for (let i = 1; i <= (opts.moreCases ?? 0); i++) {
    const draft = firstCaseDraft();
    const day = String(1 + (i % 28)).padStart(2, '0');
    create(db.cases, { ...draft, title: `Caso ${i}`, opened_on: `2026-09-${day}` });
  }

  // One more company and case per name (a case titled "Caso de <name>").
  for (const name of opts.moreCompanies ?? []) {
    const draft = firstCaseDraft();
    const co = create(db.companies, { trade_name: name, legal_name: name, tax_id: '', address: '', website: '', channels: [] });
    create(db.cases, { ...draft, company_id: co.id, title: `Caso de ${name}`, status: 'open' });
  }

  // One more claimant and case per name (an advocate's clients: "Caso de <name>").
  for (const name of opts.moreClaimants ?? []) {
    const draft = firstCaseDraft();
    const cl = create(db.claimants, { full_name: name, id_document: null, address: '', phone: '', email: '' });
    create(db.cases, { ...draft, claimant_id: cl.id, title: `Caso de ${name}`, status: 'open' });
  }

  // The sample case's own store: the user's data is put aside while it is open
  // (window.__fake.userData() reads it back).
  let userData = null;
  window.__fake.userData = () => structuredClone(userData ?? db);
  const emptyData = () => ({ claimants: [], companies: [], cases: [], attempts: [], evidence: [], history: {}, defaultClaimant: null });

  function appInfo() {
    return opts.startupError
      ? { version: '0.1.0', data_dir: '/tmp/fake', startup_error: opts.startupError, first_run: false, default_claimant: null, read_only: false, demo: false }
      : { version: '0.1.0', data_dir: '/tmp/fake', startup_error: null, first_run: db.claimants.length === 0 && db.cases.length === 0, default_claimant: db.defaultClaimant, read_only: !!opts.readOnly, demo: userData !== null };
  }

  // A capture preview as commands/capture.rs shows it, kept under a new token.
  function capturePreview(caseId, f) {
    db.pendingCapture = { token: `cap-${calls.length}`, caseId, f };
    const attempts = (f.attempts ?? []).map((d) => ({ draft: { channel: 'email', direction: 'from_company', channel_detail: '', agent: '', reference: '', duration_secs: null, asked: '', outcome: 'canned_reply', response: '', promised_by: null, formal_demand: false, ...d }, files: [{ name: 'mensaje.eml', sha256: 'ef'.repeat(32), size: 2048, note: '' }], grouping: '1 mensaje', notes: [] }));
    return { token: db.pendingCapture.token, case_id: caseId, sources: f.sources ?? [], attempts, case_files: f.case_files ?? [], facts: f.facts ?? null, duplicates: f.duplicates ?? [], problems: f.problems ?? [], nothing_new: !attempts.length && !(f.case_files ?? []).length && !f.facts };
  }
  const handlers = {
    app_snapshot: ({ start }) => {
      const info = appInfo();
      const all = info.startup_error ? [] : handlers.list_cases();
      // Like Rust, a start snapshot carries only the list's first 60 cases.
      const cases = start ? all.slice(0, 60) : all;
      const archived = info.startup_error ? 0 : handlers.list_cases({ archived: true }).length;
      const snap = { info, settings: db.settings, cases, cases_total: all.length, archived_total: archived, claimants: info.startup_error ? [] : db.claimants, companies: info.startup_error ? [] : db.companies };
      // A slow disk at start: only the first read waits.
      const wait = opts.slowStart;
      opts.slowStart = 0;
      return wait ? new Promise((ok) => setTimeout(() => ok(snap), wait)) : snap;
    },
    open_demo: () => {
      if (userData === null) {
        userData = structuredClone(db);
        Object.assign(db, emptyData());
        demo();
      }
      return db.cases[0].id;
    },
    leave_demo: () => {
      if (userData !== null) Object.assign(db, userData);
      userData = null;
      emit();
      return null;
    },
    list_cases: ({ archived } = {}) => db.cases.filter((c) => !!c.archived === !!archived).map(summary),
    archive_case: ({ id, reason }) => setArchived(id, true, reason),
    unarchive_case: ({ id, reason }) => setArchived(id, false, reason),
    get_case: ({ id }) => {
      const c = latest(db.cases, id);
      if (!c) throw notFound('case', id);
      const sameCompany = new Set(db.cases.filter((x) => x.company_id === c.company_id).map((x) => x.id));
      const last = db.attempts.filter((a) => sameCompany.has(a.case_id)).sort((a, b) => Date.parse(a.happened_at) - Date.parse(b.happened_at)).at(-1);
      return { case: c, claimant: latest(db.claimants, c.claimant_id), company: latest(db.companies, c.company_id), stats: stats(id), last_channel: last?.channel ?? null };
    },
    // What expediente-guidance answers, given per test (opts.guidance), else nothing due.
    case_guidance: ({ id }) => {
      const c = latest(db.cases, id);
      if (!c) throw notFound('case', id);
      return opts.guidance ?? {
        case_id: id, title: c.title, claimant_name: '', company_name: '', status: c.status, agency: c.agency, lang: c.lang, today: '2026-12-02',
        next_step: { kind: 'nothing_due', date: null, overdue: false, text: { es: 'Nada vence por ahora.', en: 'Nothing is due for now.' }, missing: [] },
        clocks: [], readiness: null,
      };
    },
    create_case: ({ draft }) => (checkCase(draft), create(db.cases, draft)),
    // Like Store::create_case_with_company: every wrong field of both, and both written or neither.
    create_case_with_company: ({ company, draft }) => {
      allErrors([() => checkCase(draft), () => checkCompany(company)]);
      const co = create(db.companies, company);
      return create(db.cases, { ...draft, company_id: co.id });
    },
    revise_case_with_company: ({ id, company, draft, reason }) => {
      allErrors([() => checkCase(draft), () => checkCompany(company), () => reasonCheck(reason)]);
      if (!latest(db.cases, id)) throw notFound('case', id);
      const co = create(db.companies, company);
      return revise(db.cases, id, { ...draft, company_id: co.id }, reason, 'case');
    },
    revise_case: ({ id, draft, reason }) => (checkCase(draft), revise(db.cases, id, draft, reason, 'case')),
    search: ({ query }) => db.attempts.filter((a) => (a.asked + a.response).toLowerCase().includes(query.toLowerCase())).slice(0, 20)
      .map((a) => ({ kind: 'attempt', id: a.id, case_id: a.case_id, title: a.reference, snippet: a.response || a.asked })),
    verify_case: ({ id }) => {
      if (!latest(db.cases, id)) throw notFound('case', id);
      // Like the store: one link per revision of the case's records (history keeps them all).
      const mine = (r) => r.id === id || r.case_id === id;
      const links = [...db.cases, ...db.attempts, ...db.evidence].filter(mine).reduce((n, r) => n + r.revision, 0);
      const files = db.evidence.filter((e) => e.case_id === id).length;
      const report = window.__fake.integrity ?? { ok: true, links, evidence_files: files, evidence_checked: true, fingerprint: '3f2a9c1b77d0e412'.padEnd(64, '5'), problems: [] };
      if (!window.__fake.slowVerify) return report;
      return new Promise((resolve) => (window.__fake.finishVerify = () => resolve(report)));
    },
    attempt_page: ({ caseId, newestFirst, offset, limit }) => {
      if (!latest(db.cases, caseId)) throw notFound('case', caseId);
      if (!(limit >= 1 && limit <= 500)) throw invalid([{ field: 'timeline.limit', code: 'out_of_range', message: 'must be between 1 and 500' }]);
      pageReads.push({ offset, limit });
      const all = attemptsOf(caseId);
      if (newestFirst) all.reverse();
      const start = Math.min(offset, all.length);
      return { total: all.length, offset: start, attempts: all.slice(start, start + limit) };
    },
    log_attempt: ({ caseId, draft }) => {
      if (!latest(db.cases, caseId)) throw notFound('case', caseId);
      checkAttempt(draft);
      return create(db.attempts, draft, { case_id: caseId, number: db.attempts.filter((a) => a.case_id === caseId).length + 1 });
    },
    revise_attempt: ({ attemptId, draft, reason }) => (checkAttempt(draft), revise(db.attempts, attemptId, draft, reason, 'attempt')),
    record_history: ({ id }) => db.history[id] ?? [],
    list_evidence: ({ caseId }) => db.evidence.filter((e) => e.case_id === caseId)
      .map((e) => ({ ...e, attempt_happened_at: e.attempt_id ? latest(db.attempts, e.attempt_id)?.happened_at ?? null : null })),
    add_evidence: ({ caseId, attemptId, note }) => addFiles(caseId, [{ sha256: 'cd'.repeat(32), original_name: 'ticket.pdf', media_type: 'application/pdf', size: 2048 }], attemptId, note),
    // Like the shell: only a drop Rust announced (window.__fake.drop), by its token, once.
    add_dropped_evidence: ({ caseId, token }) => {
      const files = drops.get(token);
      drops.delete(token);
      if (!files) throw invalid([{ field: 'evidence.drop', code: 'expired', message: 'no files were dropped under this token' }]);
      return addFiles(caseId, files, null, '');
    },
    attach_again: ({ token }) => {
      const held = asks.get(token);
      asks.delete(token);
      if (!held) throw invalid([{ field: 'evidence.duplicate', code: 'expired', message: 'nothing is waiting under this token' }]);
      return held.files.map((f) => create(db.evidence, { ...f, attempt_id: held.attemptId, note: held.note }, { case_id: held.caseId }));
    },
    withdraw_evidence: ({ evidenceId, reason }) => {
      const e = latest(db.evidence, evidenceId);
      if (e?.withdrawn) throw invalid([{ field: 'evidence.withdrawn', code: 'already_withdrawn', message: 'already withdrawn' }]);
      const body = { ...e, withdrawn: true };
      for (const k of ['id', 'revision', 'recorded_at', 'reason', 'case_id']) delete body[k];
      return revise(db.evidence, evidenceId, body, reason, 'evidence');
    },
    paste_evidence: (bytes, hdrs) => {
      const caseId = hdrs['x-case-id'];
      if (!latest(db.cases, caseId)) throw invalid([{ field: 'evidence.case_id', code: 'invalid', message: 'bad case id' }]);
      if (!(bytes instanceof Uint8Array)) throw invalid([{ field: 'evidence.paste', code: 'not_an_image', message: 'raw bytes expected' }]);
      const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
      if (!png) throw invalid([{ field: 'evidence.paste', code: 'not_an_image', message: 'not an image' }]);
      return addFiles(caseId, [{ sha256: String(bytes.length).padStart(64, '0'), original_name: 'captura-2026-11-23-1204.png', media_type: 'image/png', size: bytes.length }], null, '');
    },
    // A real 1×1 PNG, so thumbnails load.
    evidence_image: () => Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (ch) => ch.charCodeAt(0)).buffer,
    open_evidence: ({ caseId, sha256 }) => {
      if (!db.evidence.some((e) => e.case_id === caseId && e.sha256 === sha256)) throw invalid([{ field: 'evidence.sha256', code: 'not_found', message: 'no evidence' }]);
      return null;
    },
    list_claimants: () => db.claimants,
    create_claimant: ({ draft }) => {
      checkClaimant(draft);
      const c = create(db.claimants, draft);
      db.defaultClaimant ??= c.id;
      return c;
    },
    revise_claimant: ({ id, draft, reason }) => (checkClaimant(draft), revise(db.claimants, id, draft, reason, 'claimant')),
    set_default_claimant: ({ id }) => ((db.defaultClaimant = id), null),
    list_companies: () => db.companies,
    create_company: ({ draft }) => (checkCompany(draft), create(db.companies, draft)),
    revise_company: ({ id, draft, reason }) => (checkCompany(draft), revise(db.companies, id, draft, reason, 'company')),
    export_case_json: ({ caseId }) => `/tmp/export/${caseId}.json`,
    export_dossier_pdf: ({ caseId, paper }) => {
      // Like the core: no dossier from a case that does not verify.
      const broken = window.__fake.integrity?.problems?.[0];
      if (broken) throw { code: 'integrity', message: `case ${caseId} does not verify: ${broken.code}: ${broken.detail}` };
      const path = `/tmp/export/${caseId}-${paper}.pdf`;
      // A big case takes a while; the test releases it with window.__finishExport().
      if (!opts.slowExport) return path;
      return new Promise((resolve) => (window.__finishExport = () => resolve(path)));
    },
    open_export: () => null,
    reveal_export: () => null,
    backup_data: () => '/tmp/export/expediente-2026-11-23.expediente',
    // The file the open dialog "chose": opts.caseFile = { name, preview } or 'bad' / 'not_case'.
    choose_case_file: () => {
      const f = opts.caseFile;
      if (f === undefined) return null;
      if (f === 'bad') throw { code: 'bad_import', message: 'cannot import: unknown format version 9', fields: [] };
      if (f === 'not_case') throw invalid([{ field: 'import.file', code: 'not_a_case_file', message: 'not an Expediente dossier: the PDF carries no case data' }]);
      db.pendingImport = `tok-${calls.length}`;
      return { token: db.pendingImport, file_name: f.name, from_dossier: f.name.endsWith('.pdf'), preview: { case_id: 'pending', title: 'Reembolso de celular no entregado', company: 'ConectaMóvil', attempts: 12, evidence: 4, files_included: 3, files_already_here: 1, files_missing: 0, case_already_here: false, exported_at: '2026-11-30T18:00:00Z', ...f.preview } };
    },
    import_case_file: ({ token }) => {
      if (token !== db.pendingImport) throw invalid([{ field: 'import.token', code: 'not_pending', message: 'not pending' }]);
      db.pendingImport = null;
      const missing = opts.caseFile?.preview?.files_missing ?? 0;
      return { case_id: demo(), files_stored: 3, files_missing: missing };
    },
    forget_case_file: () => {
      db.pendingImport = null;
      return null;
    },
    // Like commands/capture.rs: `opts.capture` is what the files hold (undefined: the dialog
    // is cancelled); the preview is written only by its token, and with problems only when
    // the rest is asked for.
    choose_capture_files: ({ caseId }) => {
      if (!latest(db.cases, caseId)) throw notFound('case', caseId);
      return opts.capture === undefined ? null : capturePreview(caseId, opts.capture);
    },
    // `opts.capture.withMe`: what the files hold once the claimant's chat name is given.
    reread_capture: ({ token, me }) => {
      const p = db.pendingCapture;
      if (!p || p.token !== token) throw invalid([{ field: 'capture.token', code: 'not_pending', message: 'not pending' }]);
      db.readAs = me;
      return capturePreview(p.caseId, me.some((m) => m.trim()) ? { ...opts.capture, ...opts.capture.withMe } : opts.capture);
    },
    import_capture: ({ token, skipUnreadable }) => {
      const p = db.pendingCapture;
      if (!p || p.token !== token) throw invalid([{ field: 'capture.token', code: 'not_pending', message: 'not pending' }]);
      if ((p.f.problems ?? []).length && !skipUnreadable) throw invalid([{ field: 'capture.files', code: 'unreadable', message: 'nothing written' }]);
      db.pendingCapture = null;
      for (const d of p.f.attempts ?? []) handlers.log_attempt({ caseId: p.caseId, draft: { channel: 'email', direction: 'from_company', channel_detail: '', agent: '', reference: '', duration_secs: null, asked: '', outcome: 'canned_reply', response: '', promised_by: null, formal_demand: false, ...d } });
      const n = (p.f.attempts ?? []).length;
      return { attempts: n, evidence: n + (p.f.case_files ?? []).length, case_revised: !!p.f.facts };
    },
    forget_capture: () => {
      db.pendingCapture = null;
      return null;
    },
    restore_backup: () => {
      if (opts.restoreFails) throw { code: 'integrity', message: 'integrity check failed: evidence file ab… in the backup is damaged', fields: [] };
      db.chosenDir = '/tmp/fake-restaurado-20261202-101500';
      return { dir: db.chosenDir, cases: 3, location: handlers.data_location() };
    },
    data_location: () => ({ current: '/tmp/fake', source: opts.dataDirSource || 'default', chosen: db.chosenDir, restart_needed: !!db.chosenDir }),
    open_data_dir: () => null,
    choose_data_dir: () => {
      if (opts.pickDir === undefined) return null;
      if (opts.pickDir === '/no/such') throw invalid([{ field: 'settings.data_dir', code: 'not_a_folder', message: '/no/such is not a folder' }]);
      db.chosenDir = opts.pickDir;
      return handlers.data_location();
    },
    set_settings: ({ settings }) => {
      if (!['auto', 'es', 'en'].includes(settings.language)) throw invalid([{ field: 'settings.language', code: 'invalid', message: 'bad' }]);
      if (!['short', 'numeric', 'iso'].includes(settings.date_format ?? 'short')) throw invalid([{ field: 'settings.date_format', code: 'invalid', message: 'bad' }]);
      const mb = settings.embed_limit_mb ?? null;
      if (mb !== null && !(Number.isInteger(mb) && mb >= 1 && mb <= 100000)) throw invalid([{ field: 'settings.embed_limit_mb', code: 'out_of_range', message: 'bad' }]);
      db.settings = settings;
      return settings;
    },
  };

  mockWindows('main');
  // The window's title, as the UI last set it (plugin:window|set_title).
  handlers['plugin:window|set_title'] = ({ value }) => {
    window.__fake.windowTitle = value;
  };
  let headers = {};
  const writes = new Set(['create_case', 'revise_case', 'log_attempt', 'revise_attempt', 'add_evidence', 'add_dropped_evidence', 'paste_evidence', 'create_claimant', 'revise_claimant', 'set_default_claimant', 'create_company', 'revise_company', 'import_case_file', 'choose_capture_files', 'import_capture']);
  mockIPC((cmd, args) => {
    calls.push({ cmd, args, headers });
    if (opts.readOnly && writes.has(cmd)) throw readOnly();
    const h = handlers[cmd];
    if (!h) throw `command ${cmd} not found`;
    // Like real IPC, every answer is a fresh copy (JSON over the wire), never the fake's own objects.
    const copy = (v) => (v === undefined || v instanceof ArrayBuffer || v instanceof Uint8Array ? v : structuredClone(v));
    const out = h(args ?? {}, headers);
    return out instanceof Promise ? out.then(copy) : copy(out);
  }, { shouldMockEvents: true });
  // mockIPC drops invoke's options; keep the headers (raw-body commands send ids there).
  const inner = window.__TAURI_INTERNALS__.invoke;
  window.__TAURI_INTERNALS__.invoke = (cmd, args, options) => {
    headers = options?.headers ?? {};
    return inner(cmd, args, options);
  };
  // Like the shell (commands/app.rs, start_script): the start snapshot is in the page before
  // the app's code runs. `staleStart`: a page reloaded later, whose snapshot is old by then.
  if (opts.injectStart) {
    window.__EXPEDIENTE_START__ = structuredClone(handlers.app_snapshot({ start: true }));
    if (opts.staleStart) {
      db.cases[0] = { ...db.cases[0], title: `${db.cases[0].title} (corregido)` };
    }
  }
  ready = true;
};
