// Page tests of the evidence panel's safeguards: dropped files are attached by the token the
// shell announced (never by path), the same file twice asks first, and a file attached by
// mistake is withdrawn with a reason and hidden behind "Mostrar retiradas".
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open, screenshot } from './harness.mjs';

async function openDemoCase(opts = {}) {
  const p = await open({ demo: true, ...opts });
  await p.getByTestId('case-row').first().getByRole('button').click();
  await p.getByTestId('case-title').waitFor();
  return p;
}

const dropped = (name, sha) => ({ sha256: sha.repeat(32), original_name: name, media_type: 'application/pdf', size: 100 });

describe('evidence', () => {
  test('a drop is attached by the token the shell announced; the page sends no path', async () => {
    const p = await openDemoCase();
    await p.evaluate(([f]) => window.__fake.drop([f]), [dropped('contrato.pdf', 'a1')]);
    await p.getByText('1 archivo(s) añadido(s)').waitFor();
    await p.locator('.files').getByText('contrato.pdf').waitFor();
    const sent = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'add_dropped_evidence').at(-1).args);
    assert.match(sent.token, /^drop-/);
    assert.equal('paths' in sent, false, 'no path crosses from the page');
    assert.deepEqual(p.errors, []);
  });

  test('the same file twice asks first: "no" writes nothing, "yes" attaches it again', async () => {
    const p = await openDemoCase();
    await p.getByTestId('add-evidence').click();
    await p.getByText('1 archivo(s) añadido(s)').waitFor();
    const count = () => p.evaluate(() => document.querySelectorAll('[data-testid="evidence-item"]').length);
    const before = await count();

    await p.getByTestId('add-evidence').click();
    const q = p.getByTestId('duplicate-question');
    await q.waitFor();
    assert.match(await q.textContent(), /Este archivo ya está en el caso \(ticket\.pdf, .+\)\. ¿Adjuntarlo otra vez\?/);
    await screenshot('evidence-duplicate-question');
    await p.getByTestId('skip-duplicate').click();
    await q.waitFor({ state: 'detached' });
    assert.equal(await count(), before);
    assert.equal(await p.evaluate(() => window.__calls.some((c) => c.cmd === 'attach_again')), false);

    await p.getByTestId('add-evidence').click();
    await q.waitFor();
    await p.getByTestId('attach-again').click();
    await p.waitForFunction((n) => document.querySelectorAll('[data-testid="evidence-item"]').length === n + 1, before);
    const token = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'attach_again').at(-1).args.token);
    assert.match(token, /^ask-/);
    assert.deepEqual(p.errors, []);
  });

  test('a file attached by mistake is withdrawn with a reason and shown only behind the toggle', async () => {
    const p = await openDemoCase();
    await p.evaluate(([f]) => window.__fake.drop([f]), [dropped('ine-de-otra-persona.pdf', 'b2')]);
    await p.locator('.files').getByText('ine-de-otra-persona.pdf').waitFor();
    await p.getByRole('button', { name: 'Retirar ine-de-otra-persona.pdf del caso' }).click();
    const form = p.getByTestId('withdraw-form');
    await form.waitFor();
    assert.match(await form.textContent(), /saldrá del expediente PDF/);
    await p.getByTestId('withdraw-confirm').click();
    await p.locator('[data-field-error="withdraw-reason"]').waitFor();
    assert.equal(await p.locator('[data-field-error="withdraw-reason"]').textContent(), 'Este dato es obligatorio.');

    await p.locator('#withdraw-reason').fill('Es de otra persona');
    await p.getByTestId('withdraw-confirm').click();
    await form.waitFor({ state: 'detached' });
    await p.getByTestId('evidence-notice').getByText('Prueba retirada: ine-de-otra-persona.pdf').waitFor();
    await p.locator('.files').getByText('ine-de-otra-persona.pdf').waitFor({ state: 'detached' });
    const sent = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'withdraw_evidence').at(-1).args);
    assert.equal(sent.reason, 'Es de otra persona');

    await p.getByTestId('toggle-withdrawn').click();
    const item = p.getByTestId('withdrawn-evidence');
    await item.waitFor();
    assert.match(await item.textContent(), /ine-de-otra-persona\.pdf[\s\S]*Retirada el .+: Es de otra persona/);
    assert.equal(await item.getByTestId('withdraw-evidence').count(), 0);
    assert.equal(await p.getByTestId('toggle-withdrawn').textContent(), 'Ocultar retiradas');
    // Kept in the history: the original and the withdrawal with its reason.
    await item.getByTestId('evidence-history').click();
    await p.getByTestId('history').waitFor();
    assert.equal(await p.getByTestId('history-entry').count(), 2);
    assert.match(await p.getByTestId('history').textContent(), /“Es de otra persona”/);
    await p.keyboard.press('Escape');
    await p.getByTestId('history').waitFor({ state: 'detached' });
    await screenshot('evidence-withdrawn', p.locator('.evidence'));
    assert.deepEqual(p.errors, []);
  });
});
