// Page tests of the next-step card: the case view leads with Rust's next step (reason,
// date, overdue badge), the clocks and the agency's readiness checklist, whose missing
// items open what fills them. The guidance itself is expediente-guidance's (tested in Rust).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

const guidance = {
  case_id: '', title: 'Reembolso de celular no entregado', claimant_name: 'María Fernanda Ruiz', company_name: 'ConectaMóvil',
  status: 'waiting', agency: 'profeco', lang: 'es', today: '2026-12-02',
  next_step: {
    kind: 'file_complaint', date: '2026-10-30', overdue: true, missing: ['claimant_id', 'proof_of_relationship'],
    text: {
      es: 'Prometido para el 30 oct: vencida hace 33 días. Presenta tu queja en PROFECO. Te falta: tu identificación oficial y comprobante de compra.',
      en: 'Promised for 30 Oct: overdue by 33 days. File your complaint with PROFECO. Still missing: your official ID and proof of purchase.',
    },
  },
  clocks: [
    { kind: 'promise', status: 'overdue', started: '2026-10-20', due: '2026-10-30', days: -33, attempt: 4, basis: '', text: { es: 'Prometido para el 30 oct: vencida hace 33 días.', en: 'Promised for 30 Oct: overdue by 33 days.' } },
    { kind: 'filing_window', status: 'running', started: '2026-10-01', due: '2027-10-01', days: 303, attempt: null, basis: 'LFPC art. 105', text: { es: 'Tienes hasta el 1 oct 2027 para presentar tu queja en PROFECO (LFPC art. 105): faltan 303 días.', en: 'You have until 1 Oct 2027 to file with PROFECO (LFPC art. 105): 303 days left.' } },
    { kind: 'since_first_contact', status: 'info', started: '2026-10-01', due: null, days: 62, attempt: 1, basis: '', text: { es: '62 días desde el primer contacto (1 oct).', en: '62 days since the first contact (1 Oct).' } },
  ],
  readiness: {
    agency: 'profeco', agency_name: 'PROFECO', basis: 'LFPC art. 99', ready: false,
    items: [
      { need: 'claimant_name', ok: true, target: 'claimant.full_name', label: { es: 'tu nombre completo', en: 'your full name' } },
      { need: 'claimant_id', ok: false, target: 'claimant.id_document', label: { es: 'tu identificación oficial', en: 'your official ID' } },
      { need: 'product', ok: false, target: 'case.product', label: { es: 'qué compraste o contrataste', en: 'what you bought or signed up for' } },
      { need: 'proof_of_relationship', ok: false, target: 'evidence.add', label: { es: 'comprobante de compra', en: 'proof of purchase' } },
    ],
  },
};

async function openCase(opts) {
  const p = await open({ demo: true, ...opts });
  await p.getByTestId('case-row').first().getByRole('button').click();
  await p.getByTestId('case-title').waitFor();
  return p;
}

describe('next step', () => {
  test('the case view leads with the next step, its date, the overdue badge, clocks and checklist', async () => {
    const p = await openCase({ guidance });
    const card = p.getByTestId('next-step');
    await card.waitFor();
    // The card comes before the numbers.
    const order = await p.evaluate(() => {
      const card = document.querySelector('[data-testid="next-step"]');
      const stats = document.querySelector('[data-testid="stat-attempts"]');
      return card.compareDocumentPosition(stats) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    assert.ok(order, 'the next step is above the summary in numbers');
    assert.equal(await card.getAttribute('data-kind'), 'file_complaint');
    assert.match(await p.getByTestId('next-step-text').textContent(), /^Prometido para el 30 oct: vencida hace 33 días\. Presenta tu queja en PROFECO\. Te falta: /);
    assert.equal(await p.getByTestId('next-step-overdue').textContent(), 'Vencido');
    assert.match(await p.getByTestId('next-step-date').textContent(), /desde el 30 oct/);
    assert.match(await p.getByTestId('readiness').locator('summary').textContent(), /Para presentar en PROFECO: faltan 3\s*\(LFPC art\. 99\)/);
    assert.equal(await p.locator('[data-testid="readiness-item"][data-ok="false"]').count(), 3);
    // Days since the first contact live in the numbers, not among the clocks.
    await p.getByTestId('clocks').locator('summary').click();
    assert.equal(await p.getByTestId('clock').count(), 2);
    assert.equal(await p.locator('[data-testid="clock"][data-status="overdue"]').count(), 1);
    assert.deepEqual(p.errors, []);
  });

  test('a missing item opens what fills it: the case form for the product', async () => {
    const p = await openCase({ guidance });
    const product = p.locator('[data-testid="readiness-item"][data-need="product"]');
    await product.getByTestId('readiness-fix').click();
    await p.getByRole('heading', { name: 'Editar caso' }).waitFor();
    // The ID lives in the claimant's profile: no button here offers it.
    assert.equal(await p.locator('[data-testid="readiness-item"][data-need="claimant_id"] [data-testid="readiness-fix"]').count(), 0);
  });

  test('in English, and a case with nothing due says so', async () => {
    const p = await openCase({ guidance, language: 'en' });
    assert.match(await p.getByTestId('next-step-text').textContent(), /^Promised for 30 Oct: overdue by 33 days\. File your complaint with PROFECO\./);
    const calm = await openCase({});
    assert.equal(await calm.getByTestId('next-step-text').textContent(), 'Nada vence por ahora.');
    assert.equal(await calm.getByTestId('next-step-overdue').count(), 0);
  });

  test('the case list marks an overdue case with the date Rust sorted it by', async () => {
    const p = await open({ demo: true, nextDue: { 'Reembolso de celular no entregado': '2026-10-30' } });
    const row = p.getByTestId('case-row').first();
    await row.waitFor();
    assert.equal(await row.getByTestId('due-badge').textContent(), 'vencido el 30 oct 2026');
    assert.match(await row.getByTestId('due-badge').getAttribute('class'), /late/);
    const calm = await open({ demo: true });
    await calm.getByTestId('case-row').first().waitFor();
    assert.equal(await calm.getByTestId('due-badge').count(), 0);
  });

  test('an advocate filters the list by claimant, whose name shows beside the company', async () => {
    const one = await open({ demo: true });
    await one.getByTestId('case-row').first().waitFor();
    assert.equal(await one.getByTestId('claimant-filter').count(), 0, 'one claimant: no filter');
    const p = await open({ demo: true, moreClaimants: ['Pedro Ruiz'] });
    await p.getByTestId('claimant-filter').waitFor();
    assert.equal(await p.getByTestId('case-row').count(), 2);
    await p.getByTestId('claimant-filter').selectOption({ label: 'Pedro Ruiz' });
    assert.equal(await p.getByTestId('case-row').count(), 1);
    assert.match(await p.getByTestId('case-row').textContent(), /Caso de Pedro Ruiz/);
    assert.equal(await p.getByTestId('row-claimant').textContent(), ' · Pedro Ruiz');
  });
});
