// Page tests of the data folder's states and of archiving: a read-only folder (banner,
// write buttons disabled with a reason), a damaged or newer database at start (the screen
// with the folder and the ways out), the demo in its own store, archived cases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

async function openCase(opts = {}) {
  const p = await open({ demo: true, ...opts });
  await p.getByTestId('case-row').first().getByRole('button').click();
  await p.getByTestId('case-title').waitFor();
  return p;
}

describe('read-only data folder', () => {
  test('a banner says why, and the write buttons are disabled with the reason', async () => {
    const p = await openCase({ readOnly: true });
    const banner = p.getByTestId('read-only-banner');
    await banner.waitFor();
    assert.match(await banner.textContent(), /Esta carpeta es de solo lectura: puedes ver y exportar, no registrar/);
    assert.match(await banner.textContent(), /\/tmp\/fake/);
    for (const id of ['log-attempt', 'edit-case', 'archive-case', 'add-evidence']) {
      const b = p.getByTestId(id);
      assert.equal(await b.isDisabled(), true, id);
      assert.match(await b.getAttribute('title'), /solo lectura/, id);
    }
    // The shortcut does not open the form either.
    await p.keyboard.press('n');
    assert.equal(await p.getByRole('dialog').count(), 0);
    // Reading and exporting still work.
    assert.equal(await p.getByTestId('export-pdf').isDisabled(), false);
    await p.getByTestId('export-pdf').click();
    await p.getByTestId('notice').waitFor();
    const nav = p.getByRole('button', { name: 'Nuevo caso' });
    assert.equal(await nav.isDisabled(), true);
    assert.deepEqual(p.errors, []);
  });
});

describe('the database cannot be opened at start', () => {
  test('a damaged database: what happened, the folder, another folder, a restore', async () => {
    const p = await open({ startupError: { code: 'db_corrupt', message: 'the database is damaged: file is not a database', fields: [] }, pickDir: '/media/usb/expediente' });
    const screen = p.getByTestId('startup-error');
    await screen.waitFor();
    assert.match(await screen.textContent(), /está dañado o no es una base de datos de Expediente/);
    assert.match(await p.getByTestId('startup-dir').textContent(), /\/tmp\/fake/);
    assert.match(await screen.textContent(), /no ha cambiado nada/);
    await p.getByTestId('startup-restore').click();
    assert.match(await p.getByTestId('startup-restored').textContent(), /Copia restaurada en \/tmp\/fake-restaurado-20261202-101500 \(casos: 3\)/);
    await p.getByTestId('startup-other-folder').click();
    await p.getByTestId('restart-note').waitFor();
    assert.match(await p.getByTestId('restart-note').textContent(), /\/media\/usb\/expediente/);
    assert.equal(await p.getByTestId('case-row').count(), 0, 'never the app on a broken store');
    assert.deepEqual(p.errors, []);
  });

  test('a newer database says to update, in English too', async () => {
    const p = await open({ startupError: { code: 'db_too_new', message: 'schema version 9', fields: [] }, language: 'en' });
    const screen = p.getByTestId('startup-error');
    await screen.waitFor();
    assert.match(await screen.textContent(), /newer version of Expediente/);
    assert.match(await screen.textContent(), /Install a newer version/);
    assert.equal(await p.getByTestId('startup-restore').textContent(), 'Restore a backup…');
  });
});

describe('the demo lives in its own store', () => {
  test('opened from the welcome screen, marked, and left without a trace in the user data', async () => {
    const p = await open();
    await p.getByLabel('Nombre completo').fill('Ana López');
    await p.getByRole('button', { name: 'Guardar' }).click();
    await p.getByRole('button', { name: 'Ver un caso de ejemplo' }).click();
    await p.getByTestId('case-title').waitFor();
    assert.match(await p.getByTestId('demo-banner').textContent(), /Caso de ejemplo — nada de esto es real/);
    const user = await p.evaluate(() => window.__fake.userData());
    assert.deepEqual([user.cases.length, user.companies.length], [0, 0], 'nothing of the demo in the user data');
    assert.deepEqual(user.claimants.map((c) => c.full_name), ['Ana López']);
    await p.getByTestId('leave-demo').click();
    await p.getByTestId('demo-banner').waitFor({ state: 'detached' });
    await p.getByTestId('cases-empty').waitFor();
    // A new case preselects no demo company: there is none.
    await p.getByRole('navigation').getByRole('button', { name: 'Nuevo caso' }).click();
    await p.getByLabel('Título').waitFor();
    assert.equal(await p.getByText('ConectaMóvil').count(), 0);
    // And back into it from Ajustes, still apart from the user data.
    await p.getByRole('button', { name: 'Ajustes' }).click();
    await p.getByTestId('open-demo').click();
    await p.getByTestId('case-title').waitFor();
    await p.getByTestId('demo-banner').waitFor();
    assert.equal((await p.evaluate(() => window.__fake.userData())).cases.length, 0);
    assert.deepEqual(p.errors, []);
  });
});

describe('archived cases', () => {
  test('archive with a reason: out of the list, under "Ver archivados", and back', async () => {
    const p = await openCase({ moreCases: 1 });
    await p.getByTestId('archive-case').click();
    const dialog = p.getByRole('dialog');
    await dialog.waitFor();
    await p.getByTestId('archive-confirm').click();
    await p.locator('[data-field-error="archive-reason"]').waitFor();
    await p.locator('#archive-reason').fill('Resuelto por teléfono');
    await p.getByTestId('archive-confirm').click();
    await p.getByTestId('archived-badge').waitFor();
    assert.match(await p.getByTestId('notice').textContent(), /Caso archivado/);
    await p.getByRole('button', { name: 'Casos', exact: true }).click();
    await p.getByTestId('toggle-archived').waitFor();
    assert.equal(await p.getByTestId('case-row').count(), 1);
    assert.equal(await p.getByTestId('toggle-archived').textContent(), 'Ver archivados (1)');
    await p.getByTestId('toggle-archived').click();
    await p.getByRole('heading', { name: /Casos archivados/ }).waitFor();
    assert.equal(await p.getByTestId('case-row').count(), 1);
    await p.getByTestId('case-row').first().getByRole('button').click();
    await p.getByTestId('archive-case').click();
    await p.locator('#archive-reason').fill('La empresa volvió a fallar');
    await p.getByTestId('archive-confirm').click();
    await p.getByTestId('archived-badge').waitFor({ state: 'detached' });
    await p.getByRole('button', { name: 'Casos', exact: true }).click();
    await p.getByRole('heading', { name: /^Casos/ }).waitFor();
    assert.equal(await p.getByTestId('case-row').count(), 2);
    assert.equal(await p.getByTestId('toggle-archived').count(), 0);
    assert.deepEqual(p.errors, []);
  });
});
