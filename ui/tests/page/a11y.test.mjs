// An automated accessibility audit (axe-core) of every screen, in Spanish and English:
// a serious or critical violation fails the test, naming the rule and the elements.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { open } from './harness.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the page as it is now and fails on serious/critical violations. */
async function audit(p, screen) {
  if (!(await p.evaluate(() => 'axe' in window))) await p.addScriptTag({ content: axeSource });
  const violations = await p.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
  });
  assert.deepEqual(violations, [], `${screen}: accessibility violations\n${violations.join('\n')}`);
}

for (const lang of ['es', 'en']) {
  describe(`accessibility audit (${lang})`, () => {
    test('welcome screen', async () => {
      const p = await open({ language: lang });
      await p.getByRole('heading', { level: 1 }).waitFor();
      await audit(p, 'welcome');
    });

    test('empty case list', async () => {
      const p = await open({ language: lang });
      await p.locator('#claimant-full_name, input').first().fill('Ana López');
      await p.getByRole('button', { name: lang === 'es' ? 'Guardar' : 'Save' }).click();
      await p.getByTestId('welcome-empty').click();
      await p.getByRole('navigation').getByRole('button', { name: lang === 'es' ? 'Casos' : 'Cases', exact: true }).click();
      await p.getByTestId('cases-empty').waitFor();
      await audit(p, 'empty list');
    });

    test('case list, case view, attempt dialog, history', async () => {
      const p = await open({ language: lang, demo: true });
      await p.getByTestId('case-row').first().waitFor();
      await audit(p, 'case list');
      await p.getByTestId('case-row').first().getByRole('button').click();
      await p.getByTestId('case-title').waitFor();
      await p.getByTestId('attempt-row').first().waitFor();
      await audit(p, 'case view');
      await p.getByTestId('log-attempt').click();
      await p.getByRole('dialog').waitFor();
      await audit(p, 'attempt dialog');
      await p.keyboard.press('Escape');
      await p.getByRole('dialog').waitFor({ state: 'detached' });
      await p.getByTestId('edit-case').click();
      await p.getByRole('dialog').waitFor();
      await audit(p, 'edit case dialog');
    });

    test('the preview of imported e-mails, chats and invoices', async () => {
      const capture = {
        sources: [{ name: 'soporte.mbox', kind: 'mbox', items: 2 }],
        attempts: [{ happened_at: '2026-11-03T10:15:00-06:00', reference: '00481277' }],
        duplicates: [{ file: 'soporte.mbox', item: '<a1@conecta.mx>', why: 'repeated_in_files' }],
        problems: [{ file: 'roto.mbox', line: 12, message_es: 'el mensaje está cortado', message_en: 'the message is cut off' }],
      };
      const p = await open({ language: lang, demo: true, capture });
      await p.getByTestId('case-row').first().getByRole('button').click();
      await p.getByTestId('capture').click();
      await p.getByTestId('capture-preview').waitFor();
      await audit(p, 'capture preview');
    });

    test('new case, directory and settings pages', async () => {
      const p = await open({ language: lang, demo: true });
      const nav = p.getByRole('navigation');
      for (const [key, name] of [[lang === 'es' ? 'Nuevo caso' : 'New case', 'new case'], [lang === 'es' ? 'Personas y empresas' : 'People & companies', 'directory'], [lang === 'es' ? 'Ajustes' : 'Settings', 'settings']]) {
        await nav.getByRole('button', { name: key, exact: true }).click();
        await p.getByRole('heading', { level: 1 }).waitFor();
        await audit(p, name);
      }
    });
  });
}

// What an automated audit cannot judge: names that say what a control acts on, the skip
// link, the empty list's way forward, and the text size.
describe('accessibility beyond the audit', () => {
  test('"Corregir" and "Adjuntar prueba" name their attempt; the summary tiles have a name', async () => {
    const p = await open({ demo: true, language: 'es' });
    await p.getByTestId('case-row').first().getByRole('button').click();
    await p.getByTestId('attempt-row').first().waitFor();
    const first = p.getByTestId('attempt-row').first();
    const num = (await first.getByTestId('attempt-number').textContent()).trim();
    const revise = await first.getByTestId('attempt-revise').getAttribute('aria-label');
    assert.match(revise, new RegExp(`^Corregir el intento ${num} \\(\\d+ \\w+ 2026, \\d\\d:\\d\\d`));
    assert.match(await first.getByTestId('attempt-attach').getAttribute('aria-label'), new RegExp(`^Adjuntar prueba al intento ${num} `));
    const names = await p.getByTestId('attempt-revise').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
    assert.ok(names.length > 1);
    assert.equal(new Set(names).size, names.length, 'every row\'s button has a different name');
    assert.match(await p.locator('dl.stats dd[aria-label]').getAttribute('aria-label'), /^Promesas: \d+; incumplidas: \d+$/);
    assert.equal(await p.locator('dl.stats').getAttribute('aria-label'), 'Resumen del caso');
  });

  test('the first Tab reaches "Saltar al contenido", which moves focus to the page\'s content', async () => {
    const p = await open({ demo: true, language: 'es' });
    await p.getByTestId('case-row').first().waitFor();
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement?.textContent), 'Saltar al contenido');
    assert.ok(await p.getByRole('link', { name: 'Saltar al contenido' }).isVisible(), 'visible while focused');
    await p.keyboard.press('Enter');
    assert.equal(await p.evaluate(() => document.activeElement?.id), 'main');
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => !!document.activeElement?.closest('main')), true, 'the next Tab stays in the content');
  });

  test('the empty case list offers "Nuevo caso"', async () => {
    const p = await open({ language: 'es' });
    await p.getByLabel('Nombre completo').fill('Ana López');
    await p.getByRole('button', { name: 'Guardar' }).click();
    await p.getByTestId('welcome-empty').click();
    await p.getByRole('navigation').getByRole('button', { name: 'Casos', exact: true }).click();
    await p.getByTestId('cases-empty').waitFor();
    await p.getByRole('main').getByRole('button', { name: 'Nuevo caso' }).click();
    await p.getByRole('heading', { name: 'Nuevo caso' }).waitFor();
  });

  test('base text is at least 14 px', async () => {
    const p = await open({ demo: true, language: 'es' });
    await p.getByTestId('case-row').first().waitFor();
    const px = await p.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(px >= 14, `body text is ${px} px`);
  });
});

describe('the window title', () => {
  test('names the open case, and goes back to "Expediente" when it closes', async () => {
    const p = await open({ demo: true, language: 'es' });
    await p.getByTestId('case-row').first().getByRole('button').click();
    await p.getByTestId('case-title').waitFor();
    await p.waitForFunction(() => window.__fake.windowTitle === 'Reembolso de celular no entregado — Expediente');
    assert.equal(await p.title(), 'Reembolso de celular no entregado — Expediente');
    await p.getByRole('navigation').getByRole('button', { name: 'Casos', exact: true }).click();
    await p.waitForFunction(() => window.__fake.windowTitle === 'Expediente');
    assert.equal(await p.title(), 'Expediente');
  });
});
