// Page tests: nothing typed is lost. Every form keeps a draft as the user types, restores
// it when reopened ("Borrador restaurado"), asks before closing with unsaved text, and the
// new-case form validates in one round with no side effects. Run `npm run build` first.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

async function openDemoCase(opts = {}) {
  const p = await open({ demo: true, ...opts });
  await p.getByTestId('case-row').first().getByRole('button').click();
  await p.getByTestId('case-title').waitFor();
  return p;
}

/** Seconds shown by a running call timer's button ("Detener (0:07)"). */
async function timerSecs(p) {
  const label = await p.getByRole('dialog').locator('button[aria-pressed="true"]').textContent();
  const m = /\((\d+):(\d{2})\)/.exec(label);
  assert.ok(m, `a running timer: ${label}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

describe('attempt form drafts', () => {
  test('a draft that cannot be kept (storage full) is said, and closing offers no "keep"', async () => {
    const p = await openDemoCase();
    await p.evaluate(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException('quota', 'QuotaExceededError');
      };
    });
    await p.keyboard.press('n');
    await p.locator('#at-agent').fill('Luis, supervisor');
    const warning = p.getByTestId('draft-not-kept');
    await warning.waitFor();
    assert.match(await warning.textContent(), /No se puede guardar el borrador en este equipo/);
    await p.keyboard.press('Escape');
    await p.getByTestId('draft-ask').waitFor();
    assert.equal(await p.getByTestId('draft-close-keep').count(), 0, 'no promise to keep what cannot be kept');
    assert.deepEqual(p.errors, []);
  });

  test('Esc asks; keep editing, close keeping the draft, reopen with the timer still running, discard', async () => {
    const p = await openDemoCase();
    const dialog = p.getByRole('dialog');
    const ask = p.getByTestId('draft-ask');

    // Nothing typed: Esc closes at once.
    await p.keyboard.press('n');
    await dialog.waitFor();
    await p.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await p.keyboard.press('n');
    await p.locator('#at-agent').fill('Luis, supervisor');
    await p.locator('#at-response').fill('Prometen llamar el lunes');
    await p.getByRole('button', { name: 'Iniciar cronómetro' }).click();
    await p.keyboard.press('Escape');
    await ask.waitFor();
    assert.match(await ask.textContent(), /¿Descartar lo escrito\?/);
    assert.equal(await p.evaluate(() => document.activeElement?.dataset.testid), 'draft-keep-editing', 'the safe choice has focus');
    await p.getByRole('button', { name: 'Seguir editando' }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal(await p.locator('#at-agent').inputValue(), 'Luis, supervisor');

    // A second Esc backs out of the question; the form stays open with its text.
    await p.locator('#at-asked').focus();
    await p.keyboard.press('Escape');
    await ask.waitFor();
    await p.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    assert.equal(await dialog.isVisible(), true);
    assert.equal(await p.locator('#at-response').inputValue(), 'Prometen llamar el lunes');

    // ✕ asks too; close keeping the draft.
    await p.getByRole('button', { name: 'Cerrar', exact: true }).click();
    await p.getByRole('button', { name: 'Cerrar y conservar borrador' }).click();
    await dialog.waitFor({ state: 'detached' });
    const closedAt = Date.now();
    await p.waitForTimeout(2200);

    await p.keyboard.press('n');
    await p.getByTestId('draft-restored').waitFor();
    // When it was kept, in the chosen date format.
    assert.match(await p.getByTestId('draft-restored').textContent(), /^Borrador restaurado · \d+ \w+ \d{4}, \d{2}:\d{2}/);
    assert.equal(await p.locator('#at-agent').inputValue(), 'Luis, supervisor');
    assert.equal(await p.locator('#at-response').inputValue(), 'Prometen llamar el lunes');
    const secs = await timerSecs(p);
    assert.ok(secs >= Math.floor((Date.now() - closedAt) / 1000), `the timer kept counting while closed (${secs} s)`);

    // Cancel asks; discard drops the draft.
    await p.getByRole('button', { name: 'Cancelar' }).click();
    await p.getByRole('button', { name: 'Descartar', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await p.keyboard.press('n');
    await dialog.waitFor();
    assert.equal(await p.getByTestId('draft-restored').count(), 0);
    assert.equal(await p.locator('#at-agent').inputValue(), '');
    assert.equal(await p.getByRole('dialog').locator('button[aria-pressed="true"]').count(), 0, 'no timer running');
    assert.equal(await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'log_attempt').length), 0, 'nothing was saved');
    assert.deepEqual(p.errors, []);
  });

  test('a webview that fires both keydown and cancel for one Esc still asks, once', async () => {
    const p = await openDemoCase();
    await p.keyboard.press('n');
    await p.locator('#at-agent').fill('Luis');
    await p.evaluate(() => {
      const d = document.querySelector('dialog');
      d.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
      d.dispatchEvent(new Event('cancel', { cancelable: true }));
    });
    await p.getByTestId('draft-ask').waitFor();
    await p.waitForTimeout(50);
    assert.equal(await p.getByTestId('draft-ask').isVisible(), true);
    // A cancel on its own (a webview's own close request) is answered the same way.
    await p.getByRole('button', { name: 'Seguir editando' }).click();
    await p.evaluate(() => document.querySelector('dialog').dispatchEvent(new Event('cancel', { cancelable: true })));
    await p.getByTestId('draft-ask').waitFor();
  });

  test('a click outside the dialog asks first, and the text survives a reload until saved', async () => {
    const p = await openDemoCase();
    await p.keyboard.press('n');
    await p.locator('#at-reference').fill('FOL-9921');
    await p.mouse.click(5, 5);
    await p.getByTestId('draft-ask').waitFor();
    await p.getByRole('button', { name: 'Seguir editando' }).click();

    // The window closes (or the app crashes) with the form open: the draft is still there.
    await p.reload();
    await p.getByTestId('case-row').first().getByRole('button').click();
    await p.getByTestId('case-title').waitFor();
    await p.keyboard.press('n');
    await p.getByTestId('draft-restored').waitFor();
    assert.equal(await p.locator('#at-reference').inputValue(), 'FOL-9921');
    await p.locator('#at-happened_at').fill('2026-03-02T09:15');
    await p.getByTestId('attempt-save').click();
    await p.getByRole('dialog').waitFor({ state: 'detached' });

    // Saved: the draft is gone.
    await p.keyboard.press('n');
    await p.getByRole('dialog').waitFor();
    assert.equal(await p.getByTestId('draft-restored').count(), 0);
    assert.equal(await p.locator('#at-reference').inputValue(), '');
  });

  test('a correction keeps its own draft per attempt, apart from a new attempt\'s', async () => {
    const p = await openDemoCase();
    const rows = p.getByTestId('attempt-row');
    await rows.nth(0).getByRole('button', { name: 'Corregir' }).click();
    await p.locator('#at-reason').fill('Faltaba el folio');
    await p.keyboard.press('Escape');
    await p.getByRole('button', { name: 'Cerrar y conservar borrador' }).click();
    await p.getByRole('dialog').waitFor({ state: 'detached' });

    await rows.nth(1).getByRole('button', { name: 'Corregir' }).click();
    await p.getByRole('dialog').waitFor();
    assert.equal(await p.getByTestId('draft-restored').count(), 0);
    assert.equal(await p.locator('#at-reason').inputValue(), '');
    await p.keyboard.press('Escape');
    await p.getByRole('dialog').waitFor({ state: 'detached' });
    await p.keyboard.press('n');
    await p.getByRole('dialog').waitFor();
    assert.equal(await p.getByTestId('draft-restored').count(), 0);
    await p.keyboard.press('Escape');
    await p.getByRole('dialog').waitFor({ state: 'detached' });

    await rows.nth(0).getByRole('button', { name: 'Corregir' }).click();
    await p.getByTestId('draft-restored').waitFor();
    assert.equal(await p.locator('#at-reason').inputValue(), 'Faltaba el folio');
    // The note's own button puts the form back as it opened.
    await p.getByTestId('draft-restored-discard').click();
    assert.equal(await p.locator('#at-reason').inputValue(), '');
    await p.keyboard.press('Escape');
    await p.getByRole('dialog').waitFor({ state: 'detached' });
  });
});

describe('case, company and claimant forms', () => {
  test('an empty new case with a new company: every error in one save, and nothing written', async () => {
    const p = await openDemoCase();
    await p.getByRole('button', { name: 'Nuevo caso' }).click();
    await p.getByRole('heading', { name: 'Nuevo caso' }).waitFor();
    await p.locator('#case-company').selectOption({ label: 'Nueva empresa…' });
    await p.getByRole('button', { name: 'Crear caso' }).click();
    await p.locator('[data-field-error="case-title"]').waitFor();
    assert.equal(await p.locator('[data-field-error="company-trade_name"]').textContent(), 'Este dato es obligatorio.');
    const calls = await p.evaluate(() => window.__calls.map((c) => c.cmd));
    assert.equal(calls.filter((c) => c === 'create_company').length, 0, 'no company was created on its own');
    assert.equal(calls.filter((c) => c === 'create_case_with_company').length, 1);

    await p.getByLabel('Título').fill('Cobro doble');
    await p.getByLabel('Nombre comercial').fill('Banco Azul');
    // Leaving the page keeps the draft; coming back restores it.
    await p.getByRole('button', { name: 'Casos', exact: true }).click();
    await p.getByRole('button', { name: 'Nuevo caso' }).click();
    await p.getByTestId('draft-restored').waitFor();
    assert.equal(await p.getByLabel('Título').inputValue(), 'Cobro doble');
    assert.equal(await p.getByLabel('Nombre comercial').inputValue(), 'Banco Azul');
    await p.getByRole('button', { name: 'Crear caso' }).click();
    await p.getByTestId('case-title').waitFor();
    assert.equal(await p.getByTestId('case-title').textContent(), 'Cobro doble');
    assert.match(await p.locator('.case-head .sub').textContent(), /Banco Azul/);

    await p.getByRole('button', { name: 'Nuevo caso' }).click();
    await p.getByRole('heading', { name: 'Nuevo caso' }).waitFor();
    assert.equal(await p.getByTestId('draft-restored').count(), 0, 'a saved case leaves no draft');
    assert.equal(await p.getByLabel('Título').inputValue(), '');
  });

  test('correcting a case to a new company: fields, company and reason in one save, then one write', async () => {
    const p = await openDemoCase();
    await p.getByRole('button', { name: 'Editar' }).click();
    await p.locator('#case-company').selectOption({ label: 'Nueva empresa…' });
    await p.getByTestId('case-save').click();
    await p.locator('[data-field-error="company-trade_name"]').waitFor();
    await p.locator('[data-field-error="case-reason"]').waitFor();
    const calls = await p.evaluate(() => window.__calls.map((c) => c.cmd));
    assert.equal(calls.filter((c) => c === 'create_company').length, 0);
    await p.getByLabel('Nombre comercial').fill('Conecta Plus');
    await p.locator('#case-reason').fill('La empresa cambió de nombre');
    await p.getByTestId('case-save').click();
    await p.getByRole('dialog').waitFor({ state: 'detached' });
    await p.locator('.case-head .sub').getByText('Conecta Plus').waitFor();
  });

  test('the new-case page\'s Cancel asks before throwing away the text', async () => {
    const p = await openDemoCase();
    await p.getByRole('button', { name: 'Nuevo caso' }).click();
    await p.getByLabel('Título').fill('Algo');
    await p.getByRole('button', { name: 'Cancelar' }).click();
    await p.getByTestId('draft-ask').waitFor();
    await p.getByRole('button', { name: 'Descartar', exact: true }).click();
    await p.getByTestId('case-row').first().waitFor();
    await p.getByRole('button', { name: 'Nuevo caso' }).click();
    await p.getByRole('heading', { name: 'Nuevo caso' }).waitFor();
    assert.equal(await p.getByLabel('Título').inputValue(), '');
  });

  test('company and claimant forms in the directory keep drafts and ask too', async () => {
    const p = await openDemoCase();
    await p.getByRole('button', { name: 'Personas y empresas' }).click();
    await p.getByRole('button', { name: '+ Añadir empresa' }).click();
    await p.locator('#company-trade_name').fill('Aseguradora Sol');
    await p.getByTestId('add-channel').click();
    await p.locator('#company-channel-0-value').fill('800 111 2222');
    await p.keyboard.press('Escape');
    await p.getByRole('button', { name: 'Cerrar y conservar borrador' }).click();
    await p.getByRole('dialog').waitFor({ state: 'detached' });
    await p.getByRole('button', { name: '+ Añadir empresa' }).click();
    await p.getByTestId('draft-restored').waitFor();
    assert.equal(await p.locator('#company-trade_name').inputValue(), 'Aseguradora Sol');
    assert.equal(await p.locator('#company-channel-0-value').inputValue(), '800 111 2222');
    await p.keyboard.press('Escape');
    await p.getByRole('button', { name: 'Descartar', exact: true }).click();
    await p.getByRole('dialog').waitFor({ state: 'detached' });

    // Correcting the claimant: its own draft.
    await p.getByRole('button', { name: 'Editar' }).first().click();
    await p.locator('#claimant-phone').fill('55 1234 5678');
    await p.keyboard.press('Escape');
    await p.getByTestId('draft-ask').waitFor();
    await p.getByRole('button', { name: 'Cerrar y conservar borrador' }).click();
    await p.getByRole('button', { name: 'Editar' }).first().click();
    await p.getByTestId('draft-restored').waitFor();
    assert.equal(await p.locator('#claimant-phone').inputValue(), '55 1234 5678');
    assert.deepEqual(p.errors, []);
  });
});
