// Page tests for the UI's language: the switch on the first screen (applied at once, saved
// with the settings) and formats that follow the UI's language, not the browser's locale.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

const savedLanguages = (p) => p.evaluate(() => window.__calls.filter((c) => c.cmd === 'set_settings').map((c) => c.args.settings.language));

describe('language switch', () => {
  test('the welcome screen switches to English at once and saves the choice', async () => {
    const p = await open({}, 'es-MX');
    await p.getByRole('heading', { name: 'Te damos la bienvenida a Expediente' }).waitFor();
    const group = p.getByRole('group', { name: 'Idioma / Language' });
    assert.equal(await group.getByRole('button', { name: 'Español' }).getAttribute('aria-pressed'), 'true');
    await group.getByRole('button', { name: 'English' }).click();
    // The whole screen changes, the form included, without a reload.
    await p.getByRole('heading', { name: 'Welcome to Expediente' }).waitFor();
    await p.getByLabel('Full name').waitFor();
    assert.equal(await p.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await group.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await savedLanguages(p), ['en']);
    // The rest of the app follows.
    await p.getByLabel('Full name').fill('Ana López');
    await p.getByRole('button', { name: 'Save' }).click();
    await p.getByRole('button', { name: 'Start with a new case' }).click();
    await p.getByRole('heading', { name: 'New case' }).waitFor();
    // And back to Spanish from the sidebar.
    await p.getByRole('button', { name: 'Español' }).click();
    await p.getByRole('heading', { name: 'Nuevo caso' }).waitFor();
    assert.deepEqual(await savedLanguages(p), ['en', 'es']);
    assert.deepEqual(p.errors, []);
  });

  test('a saved choice wins over the browser language at the next start (English)', async () => {
    const p = await open({ language: 'en' }, 'es-MX');
    await p.getByRole('heading', { name: 'Welcome to Expediente' }).waitFor();
  });

  test('a saved choice wins over the browser language at the next start (Spanish)', async () => {
    const p = await open({ language: 'es' }, 'en-US');
    await p.getByRole('heading', { name: 'Te damos la bienvenida a Expediente' }).waitFor();
  });

  test('the greeting in Spanish does not assume the user is a woman or a man', async () => {
    const p = await open({}, 'es-MX');
    await p.getByRole('heading', { level: 1 }).waitFor();
    const text = await p.locator('main').innerText();
    assert.doesNotMatch(text, /\bBienvenid[oa]s?\b/);
  });
});

// The browser's locale stands for the OS's: neither decides how Spanish writes dates, times
// or money (a system without es_MX must still show "20 oct 2026", 24-hour times, "$8,999.00").
describe('formats follow the UI language, not the system locale', () => {
  for (const locale of ['en-US', 'de-DE']) {
    test(`Spanish formats with the browser in ${locale}`, async () => {
      const p = await open({ demo: true, language: 'es' }, locale);
      // The list: the last contact, in its own offset, 24-hour.
      const row = p.getByTestId('case-row').first();
      await row.waitFor();
      assert.match(await row.textContent(), /2 ene 2026, 02:00 \(UTC−06:00\)/);
      await row.getByRole('button').click();
      await p.getByTestId('case-title').waitFor();
      const sub = await p.locator('.case-head .sub, p.sub').first().textContent();
      assert.match(sub, /Abierto el 20 oct 2026/);
      assert.match(sub, /\$8,999\.00/);
      const timeline = await p.getByTestId('timeline-scroller').textContent();
      assert.match(timeline, /1 ene 2026, 23:00 \(UTC−06:00\)/, 'an evening call shows 23:00, not 11:00 p. m.');
      assert.doesNotMatch(timeline, /\b(AM|PM|a\. ?m\.|p\. ?m\.)/i);
      assert.doesNotMatch(sub, /8\.999,00|Oct|Okt/);
      assert.equal(await p.evaluate(() => document.documentElement.lang), 'es');
      assert.deepEqual(p.errors, []);
    });
  }

  test('numeric dates are day first in Spanish with the browser in en-US', async () => {
    const p = await open({ demo: true, language: 'es', dateFormat: 'numeric' }, 'en-US');
    const row = p.getByTestId('case-row').first();
    await row.waitFor();
    assert.match(await row.textContent(), /02\/01\/2026, 02:00/);
    await row.getByRole('button').click();
    await p.getByTestId('case-title').waitFor();
    assert.match(await p.locator('p.sub').first().textContent(), /Abierto el 20\/10\/2026/);
  });

  test('with the language on "auto" and a German system, the UI is Spanish with Spanish formats', async () => {
    const p = await open({ demo: true }, 'de-DE');
    const row = p.getByTestId('case-row').first();
    await row.waitFor();
    assert.match(await row.textContent(), /2 ene 2026, 02:00/);
    assert.equal(await p.getByRole('button', { name: 'Casos', exact: true }).count(), 1);
  });

  test('English formats with the browser in de-DE', async () => {
    const p = await open({ demo: true, language: 'en' }, 'de-DE');
    const row = p.getByTestId('case-row').first();
    await row.waitFor();
    assert.match(await row.textContent(), /Jan 2, 2026, 02:00/);
    await row.getByRole('button').click();
    await p.getByTestId('case-title').waitFor();
    const sub = await p.locator('p.sub').first().textContent();
    assert.match(sub, /Opened Oct 20, 2026/);
    assert.match(sub, /MX\$8,999\.00/);
  });
});

describe('date inputs', () => {
  test('under each date input, the chosen date in the UI language (browser in en-US, UI in Spanish)', async () => {
    const p = await open({ demo: true, language: 'es' }, 'en-US');
    await p.getByTestId('case-row').first().getByRole('button').click();
    await p.getByTestId('case-title').waitFor();
    await p.keyboard.press('n');
    await p.getByRole('dialog').waitFor();
    await p.locator('#at-happened_at').fill('2026-12-02T18:05');
    assert.equal(await p.locator('#at-happened_at-hint').textContent(), '2 dic 2026, 18:05');
    assert.equal(await p.locator('#at-happened_at').getAttribute('lang'), 'es');
    await p.locator('#at-outcome').selectOption('promise');
    await p.locator('#at-promised_by').fill('2026-12-20');
    assert.equal(await p.locator('#at-promised_by-hint').textContent(), '20 dic 2026');
  });

  test('the new case form writes its dates in the UI language and follows a switch', async () => {
    const p = await open({ demo: true, language: 'es' }, 'de-DE');
    await p.getByRole('navigation').getByRole('button', { name: 'Nuevo caso' }).click();
    await p.locator('#case-purchase_date').fill('2026-12-02');
    assert.equal(await p.locator('#case-purchase_date-hint').textContent(), '2 dic 2026');
    await p.getByRole('button', { name: 'English' }).click();
    await p.getByRole('heading', { name: 'New case' }).waitFor();
    assert.equal(await p.locator('#case-purchase_date-hint').textContent(), 'Dec 2, 2026');
    assert.equal(await p.locator('#case-purchase_date').getAttribute('lang'), 'en');
  });
});
