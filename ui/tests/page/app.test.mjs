// Page tests: the built UI (ui/dist) in Debian's Chromium under playwright-core, with the
// Rust shell replaced by fake-backend.js (see harness.mjs). Run `npm run build` first.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

describe('first run', () => {
  test('welcome, profile, empty start, create a case with a new company', async () => {
    const p = await open();
    await p.getByRole('heading', { name: 'Te damos la bienvenida a Expediente' }).waitFor();
    // Saving an empty profile shows the field error beside the name.
    await p.getByRole('button', { name: 'Guardar' }).click();
    await p.locator('[data-field-error="claimant-full_name"]').waitFor();
    assert.equal(await p.locator('[data-field-error="claimant-full_name"]').textContent(), 'Este dato es obligatorio.');
    await p.getByLabel('Nombre completo').fill('Ana López');
    await p.getByRole('button', { name: 'Guardar' }).click();
    await p.getByRole('button', { name: 'Empezar con un caso nuevo' }).click();
    await p.getByRole('heading', { name: 'Nuevo caso' }).waitFor();
    await p.getByLabel('Título').fill('Cobro indebido en recibo');
    await p.getByLabel('Nombre comercial').fill('Telefónica Uno');
    await p.getByRole('button', { name: 'Crear caso' }).click();
    await p.getByTestId('case-title').waitFor();
    assert.equal(await p.getByTestId('case-title').textContent(), 'Cobro indebido en recibo');
    await p.getByRole('button', { name: 'Casos', exact: true }).click();
    assert.equal(await p.getByTestId('case-row').count(), 1);
    assert.match(await p.getByTestId('case-row').textContent(), /Telefónica Uno/);
    assert.deepEqual(p.errors, []);
  });

  test('the demo case opens from the welcome screen', async () => {
    const p = await open();
    await p.getByLabel('Nombre completo').fill('Ana López');
    await p.getByRole('button', { name: 'Guardar' }).click();
    await p.getByRole('button', { name: 'Ver un caso de ejemplo' }).click();
    await p.getByTestId('case-title').waitFor();
    assert.equal(await p.getByTestId('stat-attempts').textContent(), '12');
  });
});

describe('case view', () => {
  async function openDemoCase(opts = {}) {
    const p = await open({ demo: true, ...opts });
    if (opts.demoAttempts > 1000) p.setDefaultTimeout(20000);
    await p.getByTestId('case-row').first().getByRole('button').click();
    await p.getByTestId('case-title').waitFor();
    return p;
  }

  test('log an attempt: Rust field errors beside the inputs, then success refreshes the timeline', async () => {
    const p = await openDemoCase();
    await p.keyboard.press('n');
    const dialog = p.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await p.evaluate(() => document.activeElement?.id), 'at-channel', 'focus starts on the channel');
    assert.equal(await p.locator('#at-channel').inputValue(), 'email', 'defaults to the last channel used');
    await p.locator('#at-happened_at').fill('2099-01-01T10:00');
    await p.locator('#at-outcome').selectOption('promise');
    await p.locator('#at-reference').fill('FOL-77');
    await p.keyboard.press('Control+Enter');
    await p.locator('[data-field-error="at-happened_at"]').waitFor();
    assert.equal(await p.locator('[data-field-error="at-happened_at"]').textContent(), 'No puede estar en el futuro.');
    assert.equal(await p.locator('[data-field-error="at-promised_by"]').textContent(), 'Este dato es obligatorio.');
    assert.equal(await p.locator('#at-happened_at').getAttribute('aria-invalid'), 'true');
    // The call sent an RFC 3339 time with the local offset.
    const sent = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'log_attempt').at(-1).args.draft.happened_at);
    assert.equal(sent, '2099-01-01T10:00:00-06:00');

    await p.locator('#at-happened_at').fill('2026-03-02T09:15');
    await p.locator('#at-promised_by').fill('2026-03-20');
    await p.locator('#at-formal_demand, input[type=checkbox]').first().check();
    await p.getByRole('button', { name: 'Guardar' }).click();
    await dialog.waitFor({ state: 'detached' });
    await p.getByText('Intento registrado').waitFor();
    assert.equal(await p.getByTestId('stat-attempts').textContent(), '13');
    assert.match(await p.getByTestId('timeline-scroller').textContent(), /FOL-77/);
  });

  test('correcting an attempt requires a reason', async () => {
    const p = await openDemoCase();
    await p.getByTestId('attempt-row').first().getByRole('button', { name: 'Corregir' }).click();
    await p.locator('#at-response').fill('Dijeron que ya estaba resuelto');
    await p.getByRole('button', { name: 'Guardar' }).click();
    await p.locator('[data-field-error="at-reason"]').waitFor();
    await p.locator('#at-reason').fill('Faltaba la respuesta');
    await p.getByRole('button', { name: 'Guardar' }).click();
    await p.getByRole('dialog').waitFor({ state: 'detached' });
    await p.getByText('corregido · versión 2').first().waitFor();
  });

  test('export buttons report where the file was saved', async () => {
    const p = await openDemoCase();
    await p.getByRole('button', { name: 'Exportar JSON' }).click();
    await p.getByTestId('notice').waitFor();
    assert.match(await p.getByTestId('notice').textContent(), /Guardado en \/tmp\/export\/.*\.json/);
    await p.getByRole('button', { name: 'Exportar expediente PDF' }).click();
    await p.getByText(/-a4\.pdf/).waitFor();
    await p.getByTestId('open-export').click();
    const opened = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'open_export').at(-1)?.args.path);
    assert.match(opened, /-a4\.pdf$/);
  });

  test('a slow dossier export shows that it is generating, then offers to open its folder', async () => {
    const p = await openDemoCase({ slowExport: true });
    await p.getByTestId('export-pdf').click();
    await p.getByText('Generando…').waitFor();
    assert.equal(await p.getByTestId('export-pdf').isDisabled(), true);
    assert.equal(await p.getByTestId('export-json').isDisabled(), true);
    assert.equal(await p.getByTestId('export-pdf').getAttribute('aria-busy'), 'true');
    // The window keeps working meanwhile.
    await p.getByTestId('verify').click();
    await p.getByTestId('verdict').waitFor();
    await p.evaluate(() => window.__finishExport());
    await p.getByTestId('reveal-export').waitFor();
    assert.equal(await p.getByTestId('export-pdf').isDisabled(), false);
    assert.equal(await p.getByTestId('export-pdf').textContent(), 'Exportar expediente PDF');
    await p.getByTestId('reveal-export').click();
    const revealed = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'reveal_export').at(-1)?.args.path);
    assert.match(revealed, /-a4\.pdf$/);
  });

  test('the PROFECO filing deadline shows with its basis, and stands out when close', async () => {
    const deadline = { agency: 'profeco', date: '2026-12-20', counted_from: '2025-12-20', counted_from_kind: 'last_formal_demand', basis: 'LFPC art. 105', days_left: 27 };
    const p = await openDemoCase({ deadline });
    const cell = p.getByTestId('stat-deadline');
    assert.match(await cell.textContent(), /Plazo para la queja\s*20 dic 2026\s*quedan 27 días/);
    assert.match(await cell.getAttribute('title'), /LFPC art\. 105: contado desde tu último requerimiento formal \(20 dic 2025\)/);
    assert.match(await cell.getAttribute('class'), /alert/);
  });

  test('evidence attaches to one attempt and says which', async () => {
    const p = await openDemoCase();
    await p.getByTestId('attempt-row').first().getByRole('button', { name: 'Adjuntar prueba' }).click();
    await p.getByText('1 archivo(s) añadido(s)').first().waitFor();
    const sent = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'add_evidence').at(-1).args);
    assert.ok(sent.attemptId, 'the attempt id is sent');
    await p.locator('.files').getByText(/del intento del/).waitFor();
  });

  test('timeline rows show the channel icon and the attempt\'s image thumbnails, which open in the viewer', async () => {
    const p = await openDemoCase({ imageEvidence: true });
    const row = p.getByTestId('attempt-row').first();
    assert.equal(await row.locator('svg.channel-icon').getAttribute('data-channel'), 'email');
    assert.equal(await p.locator('[data-testid="attempt-row"] svg[data-channel="phone"]').count() > 0, true);
    const thumb = row.getByTestId('attempt-thumbs').locator('img');
    await thumb.waitFor();
    await p.waitForFunction(() => document.querySelector('[data-testid="attempt-thumbs"] img')?.naturalWidth === 1);
    assert.equal(await p.getByTestId('attempt-thumbs').count(), 1, 'only the attempt with an image has thumbnails');
    await row.getByRole('button', { name: 'Abrir captura-chat.png con el visor del sistema' }).click();
    const opened = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'open_evidence').at(-1)?.args);
    assert.equal(opened.sha256, 'ef'.repeat(32));
    assert.deepEqual(p.errors, []);
  });

  test('a pasted screenshot is sent as raw bytes and added; a non-image is explained; files open in the viewer', async () => {
    const p = await openDemoCase();
    const paste = (bytes, type) => p.evaluate(([b, ty]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'image.png', { type: ty }));
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, [bytes, type]);
    await paste([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3], 'image/png');
    await p.getByTestId('evidence-notice').waitFor();
    assert.equal(await p.getByTestId('evidence-notice').textContent(), 'Captura añadida: captura-2026-11-23-1204.png');
    const sent = await p.evaluate(() => { const c = window.__calls.filter((x) => x.cmd === 'paste_evidence').at(-1); return { raw: c.args instanceof Uint8Array, n: c.args.length, id: c.headers['x-case-id'] }; });
    assert.equal(sent.raw, true);
    assert.equal(sent.n, 11);
    assert.ok(sent.id, 'the case id travels in a header');
    await p.locator('.files').getByText('captura-2026-11-23-1204.png').waitFor();

    await paste([0x3c, 0x68], 'image/png');
    await p.getByTestId('evidence-error').waitFor();
    assert.match(await p.getByTestId('evidence-error').textContent(), /^Lo pegado no es una imagen/);

    // Pasting into a text field is left alone.
    const before = await p.evaluate(() => window.__calls.filter((x) => x.cmd === 'paste_evidence').length);
    await p.evaluate(() => {
      const input = document.createElement('input');
      document.querySelector('.evidence').append(input);
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'a.png', { type: 'image/png' }));
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
    });
    assert.equal(await p.evaluate(() => window.__calls.filter((x) => x.cmd === 'paste_evidence').length), before);

    await p.getByRole('button', { name: 'Abrir captura-2026-11-23-1204.png con el visor del sistema' }).click();
    const opened = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'open_evidence').at(-1)?.args);
    assert.equal(opened.sha256, '11'.padStart(64, '0'));
    assert.deepEqual(p.errors, []);
  });

  test('10,000 attempts: the timeline renders only the rows in view and scrolls', async () => {
    const p = await openDemoCase({ demoAttempts: 10000 });
    p.setDefaultTimeout(20000); // building 10,000 fake records is slow on a busy machine
    assert.equal(await p.getByTestId('stat-attempts').textContent(), '10000');
    const rendered = await p.getByTestId('attempt-row').count();
    assert.ok(rendered > 0 && rendered < 60, `rendered ${rendered} rows`);
    await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await p.getByText('T-1', { exact: false }).last().waitFor();
    const refs = await p.locator('[data-testid="attempt-row"] .mono').allTextContents();
    assert.ok(refs.includes('T-1'), 'the oldest attempt is at the bottom when newest come first');
    // The window read the pages it showed (the top and the bottom), not all 10,000 attempts.
    const read = await p.evaluate(() => window.__pageReads.reduce((n, r) => n + r.limit, 0));
    assert.ok(read <= 1000, `read ${read} attempts`);
    // Oldest first: the first row is the oldest attempt.
    await p.getByRole('button', { name: /Más recientes primero/ }).click();
    await p.locator('[data-testid="attempt-row"][data-index="0"]', { hasText: 'T-1' }).waitFor();
  });

  test('after a new attempt, pages read before it are not shown shifted', async () => {
    const p = await openDemoCase({ demoAttempts: 300 });
    const bottom = () => p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await bottom();
    await p.locator('[data-testid="attempt-row"]', { hasText: 'T-1 ' }).first().waitFor();
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.locator('[data-testid="attempt-row"][data-index="0"]', { hasText: 'T-300' }).waitFor();
    await p.evaluate(() => window.__TAURI_INTERNALS__.invoke('log_attempt', { caseId: window.__calls.find((c) => c.cmd === 'get_case').args.id, draft: {
      happened_at: new Date().toISOString(), direction: 'to_company', channel: 'phone', channel_detail: '', agent: '', reference: 'NUEVO',
      duration_secs: null, asked: 'Otra vez', outcome: 'no_response', response: '', promised_by: null, formal_demand: false } }));
    await p.locator('[data-testid="attempt-row"][data-index="0"]', { hasText: 'NUEVO' }).waitFor();
    await bottom();
    await p.locator('[data-testid="attempt-row"][data-index="300"]').waitFor();
    const refs = await p.locator('[data-testid="attempt-row"] .mono').allTextContents();
    assert.equal(refs.filter((r) => r === 'T-1').length, 1, `the oldest attempt shows once at the bottom: ${refs.join(', ')}`);
  });
});

describe('case list', () => {
  test('500 cases: the count, only the rows in view, and the last case reached by scrolling', async () => {
    // As in the app: the first 60 cases are in the page at start, the rest read after.
    const p = await open({ demo: true, moreCases: 499, injectStart: true });
    await p.getByTestId('case-row').first().waitFor();
    assert.equal(await p.getByTestId('case-count').textContent(), '(500)');
    const rendered = await p.getByTestId('case-row').count();
    assert.ok(rendered > 5 && rendered < 60, `rendered ${rendered} rows`);
    const snapshots = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'app_snapshot').map((c) => c.args.start));
    assert.deepEqual(snapshots, [false], 'no call for the first screen, one full read after it');
    await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await p.locator('[data-testid="case-row"][data-index="499"]').waitFor();
    // Filtering by text still works over all 500 and the count of rows follows.
    await p.getByTestId('case-search').fill('Caso 250');
    await p.getByTestId('case-row').filter({ hasText: 'Caso 250' }).waitFor();
    assert.equal(await p.getByTestId('case-row').count(), 1);
    assert.deepEqual(p.errors, []);
  });

  test('filters by company (in the language\'s alphabetical order) and by status', async () => {
    const p = await open({ demo: true, moreCompanies: ['Zeta Telecom', 'Ábaco Muebles', 'beta Seguros'], injectStart: true });
    await p.getByTestId('case-row').first().waitFor();
    const company = p.getByRole('combobox', { name: 'Empresa', exact: true });
    // Accents and case aside, as a Spanish reader expects: Á with the A's, lowercase in place.
    await p.waitForFunction(() => document.querySelectorAll('select')[1]?.options.length === 5);
    assert.deepEqual(await company.locator('option').allTextContents(), ['Todos', 'Ábaco Muebles', 'beta Seguros', 'ConectaMóvil', 'Zeta Telecom']);
    await company.selectOption({ label: 'Ábaco Muebles' });
    assert.deepEqual(await p.getByTestId('case-row').locator('button').allTextContents(), ['Caso de Ábaco Muebles']);
    await company.selectOption({ label: 'Todos' });
    await p.getByRole('combobox', { name: 'Estado', exact: true }).selectOption({ label: 'En espera' });
    assert.deepEqual(await p.getByTestId('case-row').locator('button').allTextContents(), ['Reembolso de celular no entregado']);
    assert.deepEqual(p.errors, []);
  });
});

describe('directory', () => {
  test('a company\'s known channels are added and removed as a revision with a reason', async () => {
    const p = await open({ demo: true });
    await p.getByRole('button', { name: 'Personas y empresas' }).click();
    await p.locator('.cards li', { hasText: 'ConectaMóvil' }).getByRole('button', { name: 'Editar' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByText('Sin canales todavía.').waitFor();
    await p.getByTestId('add-channel').click();
    await p.locator('#company-channel-0').selectOption('email');
    await p.locator('#company-channel-0-value').fill('no es correo');
    await p.getByTestId('add-channel').click();
    assert.equal(await p.locator('#company-channel-1').inputValue(), 'email', 'a new row starts with the last channel');
    await p.locator('#company-channel-1').selectOption('phone');
    await p.locator('#company-channel-1-value').fill('800 123 4567');
    await p.locator('#company-channel-1-label').fill('atención a clientes');
    await p.getByTestId('add-channel').click();
    await p.locator('#company-channel-2-value').fill('@borrar');
    await dialog.getByRole('button', { name: 'Quitar 3' }).click();
    assert.equal(await p.getByTestId('company-channel-row').count(), 2);
    await p.locator('#company-reason').fill('Faltaban sus canales');
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await p.locator('[data-field-error="company-channel-0-value"]').waitFor();
    assert.equal(await p.locator('[data-field-error="company-channel-0-value"]').textContent(), 'No es un correo válido (nombre@ejemplo.com).');
    assert.equal(await p.locator('#company-channel-0-value').getAttribute('aria-invalid'), 'true');
    await p.locator('#company-channel-0-value').fill('quejas@conectamovil.mx');
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await dialog.waitFor({ state: 'detached' });
    const sent = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'revise_company').at(-1).args);
    assert.equal(sent.reason, 'Faltaban sus canales');
    assert.deepEqual(sent.draft.channels, [
      { channel: 'email', value: 'quejas@conectamovil.mx', label: '' },
      { channel: 'phone', value: '800 123 4567', label: 'atención a clientes' },
    ]);
    const card = p.locator('.cards li', { hasText: 'ConectaMóvil' });
    assert.match(await card.textContent(), /quejas@conectamovil\.mx.*800 123 4567 · atención a clientes/);
    // Removing a channel later is a revision too.
    await card.getByRole('button', { name: 'Editar' }).click();
    await dialog.getByRole('button', { name: 'Quitar 1' }).click();
    await p.locator('#company-reason').fill('El correo ya no existe');
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'revise_company').at(-1).args.draft.channels);
    assert.deepEqual(after.map((c) => c.value), ['800 123 4567']);
    assert.deepEqual(p.errors, []);
  });
});

describe('language and errors', () => {
  test('follows the OS language and switches', async () => {
    const p = await open({ demo: true }, 'en-US');
    await p.getByRole('heading', { name: 'Cases' }).waitFor();
    await p.getByRole('button', { name: 'Español' }).click();
    await p.getByRole('heading', { name: 'Casos' }).waitFor();
    const saved = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'set_settings').at(-1).args.settings.language);
    assert.equal(saved, 'es');
  });

  test('settings: backup reports the file, a bad import is explained', async () => {
    const p = await open({ demo: true, caseFile: 'bad' });
    await p.getByRole('button', { name: 'Ajustes' }).click();
    await p.getByTestId('backup').click();
    await p.getByTestId('settings-notice').waitFor();
    assert.match(await p.getByTestId('settings-notice').textContent(), /\.expediente$/);
    await p.getByTestId('import').click();
    await p.getByText('El archivo no se puede importar.').waitFor();
  });

  test('settings: a dossier is previewed before it is imported, and only imported on confirm', async () => {
    const p = await open({ demo: true, caseFile: { name: 'expediente.pdf', preview: { files_missing: 1 } } });
    await p.getByRole('button', { name: 'Ajustes' }).click();
    await p.getByTestId('import').click();
    const preview = p.getByTestId('import-preview');
    await preview.waitFor();
    const text = await preview.textContent();
    assert.match(text, /¿Importar este caso\?/);
    assert.match(text, /Reembolso de celular no entregado · ConectaMóvil/);
    assert.match(text, /Archivo: expediente\.pdf/);
    assert.match(text, /Intentos de contacto: 12 · Pruebas: 4/);
    assert.match(text, /Archivos de prueba que vienen en el archivo: 3/);
    assert.match(text, /Ya estaban en tus datos: 1/);
    assert.match(await p.getByTestId('import-missing').textContent(), /No vienen en el archivo: 1 \(se listarán, pero no se podrán abrir\)/);
    const imports = () => p.evaluate(() => window.__calls.filter((c) => c.cmd === 'import_case_file').length);
    assert.equal(await imports(), 0, 'nothing imported before the confirmation');
    // Cancel forgets the file; choosing again and confirming imports it.
    await p.getByTestId('import-cancel').click();
    assert.equal(await preview.count(), 0);
    await p.waitForFunction(() => window.__calls.some((c) => c.cmd === 'forget_case_file'));
    await p.getByTestId('import').click();
    await p.getByTestId('import-confirm').click();
    await p.getByTestId('case-title').waitFor();
    assert.equal(await imports(), 1);
    assert.deepEqual(p.errors, []);
  });

  test('settings: a case already here is not offered for import; a file that is not a case says so', async () => {
    const p = await open({ demo: true, caseFile: { name: 'caso.json', preview: { case_already_here: true } } });
    await p.getByRole('button', { name: 'Ajustes' }).click();
    await p.getByTestId('import').click();
    await p.getByTestId('import-already').waitFor();
    assert.equal(await p.getByTestId('import-confirm').count(), 0);
    await p.evaluate(() => (window.__fake.opts.caseFile = 'not_case'));
    await p.getByTestId('import-cancel').click();
    await p.getByTestId('import').click();
    await p.getByTestId('import-error').waitFor();
    assert.match(await p.getByTestId('import-error').textContent(), /no es un expediente exportado con sus datos/);
  });

  test('settings: a backup is restored into a new folder used at the next start', async () => {
    const p = await open({ demo: true });
    await p.getByRole('button', { name: 'Ajustes' }).click();
    await p.getByTestId('restore').click();
    await p.getByTestId('settings-notice').waitFor();
    assert.match(await p.getByTestId('settings-notice').textContent(), /Copia restaurada en \/tmp\/fake-restaurado-20261202-101500 \(casos: 3\)\. Cierra Expediente y vuelve a abrirlo/);
    await p.getByTestId('restart-note').waitFor();
  });

  test('settings: evidence over a chosen size stays out of the PDF; a bad size is explained and not saved', async () => {
    const p = await open({ demo: true });
    await p.getByRole('button', { name: 'Ajustes' }).click();
    const input = p.getByLabel('Dejar fuera del PDF las pruebas de más de (MB)');
    await input.waitFor();
    assert.equal(await input.getAttribute('placeholder'), 'Ninguna: todas van dentro');
    const saves = () => p.evaluate(() => window.__calls.filter((c) => c.cmd === 'set_settings').length);
    const before = await saves();
    await input.fill('0');
    await input.press('Tab');
    await p.getByTestId('embed-error').waitFor();
    assert.match(await p.getByTestId('embed-error').textContent(), /entre 1 y 100000/);
    assert.equal(await saves(), before, 'an invalid size is not saved');
    await input.fill('25');
    await input.press('Tab');
    await p.waitForFunction(() => window.__calls.some((c) => c.cmd === 'set_settings' && c.args.settings.embed_limit_mb === 25));
    assert.equal(await p.getByTestId('embed-error').count(), 0);
    // The language switch saves the limit with the rest.
    await p.getByRole('button', { name: 'English' }).click();
    const last = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'set_settings').at(-1).args.settings);
    assert.deepEqual(last, { language: 'en', date_format: 'short', embed_limit_mb: 25 });
  });

  test('settings: the date format applies everywhere and is saved with the language', async () => {
    const p = await open({ demo: true });
    await p.getByRole('button', { name: 'Ajustes' }).click();
    // The settings page is its own chunk: wait for its options before reading them.
    await p.locator('#settings-date_format option').nth(2).waitFor({ state: 'attached' });
    const options = await p.locator('#settings-date_format option').allTextContents();
    assert.deepEqual(options.slice(1), ['21/11/2026', '2026-11-21 (ISO)']);
    await p.locator('#settings-date_format').selectOption('iso');
    const saved = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'set_settings').at(-1).args.settings);
    assert.deepEqual(saved, { language: 'auto', date_format: 'iso', embed_limit_mb: null });
    await p.getByRole('button', { name: 'Casos', exact: true }).click();
    assert.match(await p.getByTestId('case-row').first().textContent(), /2026-01-02, 02:00 \(UTC−06:00\)/);
    await p.getByTestId('case-row').first().getByRole('button').click();
    await p.getByTestId('attempt-row').first().waitFor();
    assert.match(await p.getByTestId('attempt-row').first().textContent(), /2026-01-02, 02:00.*2026-12-01/);
    assert.match(await p.locator('.case-head .sub').textContent(), /2026-10-20/);
    // Switching the language keeps the date format.
    await p.getByRole('button', { name: 'English' }).click();
    const again = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'set_settings').at(-1).args.settings);
    assert.deepEqual(again, { language: 'en', date_format: 'iso', embed_limit_mb: null });
  });

  test('a saved date format is used from the start', async () => {
    const p = await open({ demo: true, dateFormat: 'numeric' });
    assert.match(await p.getByTestId('case-row').first().textContent(), /02\/01\/2026, 02:00/);
  });

  test('settings: the data folder opens, and a new one is chosen for the next start', async () => {
    const p = await open({ demo: true, pickDir: '/media/usb/expediente' });
    await p.getByRole('button', { name: 'Ajustes' }).click();
    assert.equal(await p.getByTestId('data-dir').textContent(), '/tmp/fake');
    await p.getByTestId('open-data-dir').click();
    await p.waitForFunction(() => window.__calls.some((c) => c.cmd === 'open_data_dir'));
    assert.equal(await p.getByTestId('restart-note').count(), 0);
    await p.getByTestId('change-data-dir').click();
    await p.getByTestId('restart-note').waitFor();
    assert.match(await p.getByTestId('restart-note').textContent(), /\/media\/usb\/expediente la próxima vez.*vuelve a abrirla/);
  });

  test('settings: a folder that cannot be used is explained; a flag override is shown', async () => {
    const p = await open({ demo: true, pickDir: '/no/such', dataDirSource: 'flag' });
    await p.getByRole('button', { name: 'Ajustes' }).click();
    await p.getByTestId('dir-overridden').waitFor();
    assert.match(await p.getByTestId('dir-overridden').textContent(), /--data-dir/);
    await p.getByTestId('change-data-dir').click();
    await p.getByTestId('folder-error').waitFor();
    assert.match(await p.getByTestId('folder-error').textContent(), /^No es una carpeta\./);
  });

  test('"loading" shows only when the start is slow; one snapshot read at start', async () => {
    const fast = await open({ demo: true });
    await fast.getByTestId('case-row').first().waitFor();
    assert.equal(await fast.evaluate(() => window.__seenLoading), false);
    const asked = (await fast.evaluate(() => window.__calls.map((c) => c.cmd))).filter((c) => c === 'app_snapshot');
    assert.equal(asked.length, 1, 'one snapshot read at start');
    await fast.context().close();
    const slow = await open({ demo: true, slowStart: 1500 });
    await slow.getByText('Cargando…').waitFor();
    await slow.getByTestId('case-row').first().waitFor();
    assert.equal(await slow.getByText('Cargando…').count(), 0);
  });

  test('a reloaded page does not keep showing its old start snapshot', async () => {
    const p = await open({ demo: true, injectStart: true, staleStart: true });
    await p.getByTestId('case-row').filter({ hasText: '(corregido)' }).waitFor();
    assert.equal(await p.getByTestId('case-row').count(), 1);
  });

  test('a too-new database shows a clear message instead of the app', async () => {
    const p = await open({ startupError: { code: 'db_too_new', message: 'schema version 9, newer than 1', fields: [] } });
    await p.getByTestId('startup-error').waitFor();
    assert.match(await p.getByTestId('startup-error').textContent(), /versión más nueva de Expediente/);
  });
});
