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
