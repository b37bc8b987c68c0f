// Page tests of importing e-mails, chats and invoices into a case: the preview says what
// will be created (date, direction, folio), what the invoice fills, what is skipped and what
// could not be read, in plain words and in the UI's language; nothing is written before the
// user confirms, a cancel writes nothing, and a read-only folder cannot start an import.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

const capture = {
  sources: [
    { name: 'caso-00481277.eml', kind: 'email', items: 1 },
    { name: 'factura.xml', kind: 'cfdi', items: 1 },
  ],
  attempts: [{ happened_at: '2026-11-03T10:15:00-06:00', agent: 'Mesa de ayuda', reference: '00481277' }],
  case_files: [{ name: 'factura.xml', sha256: 'ab'.repeat(32), size: 4096, note: 'comprobante de compra (CFDI)' }],
  facts: { file: 'factura.xml', product: null, purchase_date: '2026-10-01', amount: { minor: 899900, currency: 'MXN' }, account_ref: 'folio fiscal 6F1C2D3E', company_tax_id: 'CMO010101AAA', company_legal_name: null },
  duplicates: [{ file: 'caso-00481277.eml', item: '<a1@conecta.mx>', why: 'already_in_case' }],
};

async function openCase(opts) {
  const p = await open({ demo: true, ...opts });
  await p.getByTestId('case-row').first().getByRole('button').click();
  await p.getByTestId('case-title').waitFor();
  return p;
}

const writes = (p) => p.evaluate(() => window.__calls.filter((c) => c.cmd === 'import_capture').length);

describe('importing e-mails, chats and invoices', () => {
  test('the preview says what will be created and writes only on confirm', async () => {
    const p = await openCase({ capture });
    assert.equal(await p.getByTestId('stat-attempts').textContent(), '12');
    await p.getByTestId('capture').click();
    const preview = p.getByTestId('capture-preview');
    await preview.waitFor();
    const text = await preview.textContent();
    assert.match(text, /caso-00481277\.eml \(correo, 1 elemento/);
    assert.match(text, /factura CFDI/);
    assert.match(text, /Intentos de contacto que se crearán: 1/);
    const row = await p.getByTestId('capture-attempt').textContent();
    assert.match(row, /10:15/);
    assert.match(row, /La empresa a mí/);
    assert.match(row, /Folio 00481277/);
    assert.match(row, /1 archivo\(s\) de prueba/);
    const facts = await p.getByTestId('capture-facts').textContent();
    assert.match(facts, /Monto en disputa: .*8,999\.00/);
    assert.match(facts, /RFC \/ identificación fiscal: CMO010101AAA/);
    assert.match(facts, /Fecha de compra: /);
    assert.doesNotMatch(facts, /Producto o servicio|Razón social/, 'fields the invoice leaves alone are not listed');
    assert.match(await p.getByTestId('capture-case-file').textContent(), /factura\.xml .*comprobante de compra/);
    assert.match(await p.getByTestId('capture-duplicate').textContent(), /ya está en el caso/);
    assert.equal(await writes(p), 0, 'a preview writes nothing');
    assert.equal(await p.getByTestId('stat-attempts').textContent(), '12');

    await p.getByTestId('capture-confirm').click();
    await p.getByTestId('notice').waitFor();
    assert.match(await p.getByTestId('notice').textContent(), /Importado: 1 intento\(s\), 2 archivo\(s\) de prueba/);
    assert.equal(await p.getByTestId('capture-preview').count(), 0);
    await p.waitForFunction(() => document.querySelector('[data-testid="stat-attempts"]')?.textContent === '13');
    assert.deepEqual(p.errors, []);
  });

  test('cancel writes nothing and the token is forgotten', async () => {
    const p = await openCase({ capture });
    await p.getByTestId('capture').click();
    await p.getByTestId('capture-cancel').click();
    assert.equal(await p.getByTestId('capture-preview').count(), 0);
    assert.equal(await writes(p), 0);
    const forgot = await p.evaluate(() => window.__calls.some((c) => c.cmd === 'forget_capture'));
    assert.ok(forgot);
  });

  test('problems are named per file and line, in English too, and the rest is imported only when asked', async () => {
    const problems = [
      { file: 'roto.mbox', line: 120, message_es: 'el mensaje está cortado', message_en: 'the message is cut off' },
      { file: 'factura-mala.xml', line: null, message_es: 'no es XML válido', message_en: 'is not valid XML' },
    ];
    const p = await openCase({ capture: { ...capture, problems }, language: 'en' });
    await p.getByTestId('capture').click();
    await p.getByTestId('capture-preview').waitFor();
    const listed = await p.getByTestId('capture-problem').allTextContents();
    assert.deepEqual(listed, ['roto.mbox, line 120: the message is cut off', 'factura-mala.xml: is not valid XML']);
    assert.match(await p.getByTestId('capture-facts').textContent(), /Tax ID.*CMO010101AAA/);
    const confirm = p.getByTestId('capture-confirm');
    assert.equal(await confirm.textContent(), 'Import what could be read');
    await confirm.click();
    await p.getByTestId('notice').waitFor();
    const sent = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'import_capture').at(-1).args);
    assert.equal(sent.skipUnreadable, true);
    assert.match(await p.getByTestId('notice').textContent(), /Imported: 1 attempt\(s\)/);
  });

  test('a chat whose sender is unknown is read again with the name the user gives', async () => {
    const chat = {
      sources: [{ name: 'Chat de WhatsApp con Telco.txt', kind: 'whatsapp', items: 6 }],
      problems: [{ file: 'Chat de WhatsApp con Telco.txt', line: null, message_es: 'no se sabe cuál participante es usted (Ana Pérez, Telco Ejemplo)', message_en: 'cannot tell which participant is you' }],
      withMe: { problems: [], attempts: [{ happened_at: '2026-03-25T10:15:00-06:00', channel: 'whatsapp', direction: 'to_company', reference: '7781234' }] },
    };
    const p = await openCase({ capture: chat });
    await p.getByTestId('capture').click();
    await p.getByTestId('capture-preview').waitFor();
    assert.match(await p.getByTestId('capture-problem').textContent(), /no se sabe cuál participante es usted/);
    assert.equal(await p.getByTestId('capture-nothing').count(), 0, 'not "already in the case" when it could not be read');
    assert.equal(await p.getByTestId('capture-confirm').count(), 0, 'nothing to import yet');
    assert.equal(await p.getByTestId('capture-reread').isDisabled(), true);
    await p.getByLabel('Tu nombre en el chat, si no es el de tu ficha').fill('Ana Pérez');
    await p.getByTestId('capture-reread').click();
    await p.getByTestId('capture-attempt').waitFor();
    const row = await p.getByTestId('capture-attempt').textContent();
    assert.match(row, /Yo a la empresa/);
    assert.match(row, /Folio 7781234/);
    assert.equal(await p.getByTestId('capture-problem').count(), 0);
    const sent = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'reread_capture').at(-1).args.me);
    assert.deepEqual(sent, ['Ana Pérez']);
    await p.getByTestId('capture-confirm').click();
    await p.getByTestId('notice').waitFor();
    await p.waitForFunction(() => document.querySelector('[data-testid="stat-attempts"]')?.textContent === '13');
    assert.deepEqual(p.errors, []);
  });

  test('nothing new: no import button, only the reason', async () => {
    const p = await openCase({ capture: { sources: capture.sources.slice(0, 1), duplicates: capture.duplicates } });
    await p.getByTestId('capture').click();
    await p.getByTestId('capture-nothing').waitFor();
    assert.match(await p.getByTestId('capture-nothing').textContent(), /ya está en el caso/);
    assert.equal(await p.getByTestId('capture-confirm').count(), 0);
  });

  test('a cancelled dialog shows nothing; a read-only folder cannot start an import', async () => {
    const p = await openCase({});
    await p.getByTestId('capture').click();
    assert.equal(await p.getByTestId('capture-preview').count(), 0);
    assert.equal(await p.getByTestId('capture-error').count(), 0);
    const ro = await openCase({ readOnly: true, capture });
    const b = ro.getByTestId('capture');
    assert.equal(await b.isDisabled(), true);
    assert.match(await b.getAttribute('title'), /solo lectura/);
  });
});
