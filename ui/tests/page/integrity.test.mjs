// Page tests of "Verificar integridad": what the person reads when the case verifies, and
// when it does not (each problem named and explained, what to do, the English detail only
// behind "Detalles técnicos"), in Spanish and English. The broken states are saved as
// screenshots in tests/artifacts/page/ to look at.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open, screenshot } from './harness.mjs';

async function openDemoCase(opts = {}, locale = 'es-MX') {
  const p = await open({ demo: true, ...opts }, locale);
  await p.getByTestId('case-row').first().getByRole('button').click();
  await p.getByTestId('case-title').waitFor();
  return p;
}

/** Makes verify_case answer `problems` (built in the page, where the fake's ids are). */
async function breakCase(p, build) {
  await p.evaluate(`(() => {
    const f = window.__fake;
    const problem = (over) => ({ code: 'link_changed', chain: 'case:x', index: null, kind: null, record_id: null, revision: null,
      attempt_number: null, file_name: null, sha256: null, detail: '', ...over });
    const problems = (${build})(f, problem);
    f.integrity = { ok: false, links: 14, evidence_files: 1, evidence_checked: true, fingerprint: 'ab'.repeat(32), problems };
  })()`);
}

const attempt12Changed = `(f, problem) => [problem({ code: 'link_changed', index: 12, kind: 'attempt', record_id: f.attemptId(12), revision: 1,
  attempt_number: 12, detail: 'link 12 does not match its hash (stored 9f1c…, computed 41d0…)' })]`;

/** The verdict's text as shown (a closed <details> shows only its summary). */
const shown = (p) => p.getByTestId('verdict').evaluate((el) => el.innerText);

describe('verify integrity', () => {
  test('the verified state counts what was checked, in words, after a visible busy state', async () => {
    const p = await openDemoCase({ imageEvidence: true, slowVerify: true });
    const button = p.getByTestId('verify');
    await button.click();
    await p.getByText('Comprobando…').waitFor();
    assert.equal(await button.isDisabled(), true);
    assert.equal(await button.getAttribute('aria-busy'), 'true');
    assert.equal(await p.getByTestId('verdict').count(), 0);
    // The rest of the window keeps working meanwhile.
    await p.getByTestId('export-json').click();
    await p.getByTestId('notice').waitFor();
    await p.evaluate(() => window.__fake.finishVerify());
    await p.getByTestId('verdict').waitFor();
    assert.equal(await button.textContent(), 'Verificar integridad');
    const text = await shown(p);
    assert.match(text, /Todo cuadra: comprobamos 14 registros y 1 archivo de prueba, y ninguno se cambió ni se borró\./);
    assert.match(text, /Están como se escribieron al anotarlos, y no se han reescrito desde entonces\./);
    assert.match(text, /Huella del expediente: 3f2a 9c1b 77d0 e412…/);
    assert.doesNotMatch(text, /[0-9a-f]{17}/, 'no long hash in the main text');
    await screenshot('integrity-ok-es', p.getByTestId('verdict'));
    await p.getByTestId('integrity-details').locator('summary').click();
    assert.match(await shown(p), /fingerprint 3f2a 9c1b 77d0 e412 5555/);
    const sent = await p.evaluate(() => window.__calls.filter((c) => c.cmd === 'verify_case').map((c) => c.args));
    assert.equal(sent.length, 1);
    assert.deepEqual(p.errors, []);
  });

  test('a broken chain names attempt #12 by date and channel, says what changed and what to do', async () => {
    const p = await openDemoCase();
    await breakCase(p, `(f, problem) => [...(${attempt12Changed})(f, problem), problem({ code: 'links_removed', index: 13, detail: 'the chain table says 15 links, 13 found' })]`);
    await p.getByTestId('verify').click();
    await p.getByTestId('verdict').waitFor();
    const text = await shown(p);
    assert.match(text, /^!?\s*Algo no cuadra: encontramos 2 problemas en los datos de este caso\./);
    assert.deepEqual(await p.getByTestId('integrity-problem').allTextContents(), [
      'Intento #12 (2 ene 2026, 02:00, Correo). Su contenido ya no coincide con lo que se guardó: se modificó después de anotarse.',
      'Historial del caso. Faltan los últimos registros del caso: se borraron después de guardarse.',
    ]);
    const todo = await p.getByTestId('integrity-actions').textContent();
    assert.match(todo, /Restaura la copia de seguridad más reciente de antes del cambio/);
    assert.match(todo, /no exportes ni entregues ningún expediente de este caso/);
    // The English detail and the hashes only inside "Detalles técnicos", closed at first.
    assert.doesNotMatch(text, /does not match|[0-9a-f]{17}/);
    assert.equal(await p.getByText(/link 12 does not match its hash/).isVisible(), false);
    await screenshot('integrity-broken-es');
    await p.getByTestId('integrity-details').locator('summary').click();
    await p.getByText(/link_changed \(case:x, index 12, attempt, id .*, revision 1\): link 12 does not match its hash/).waitFor();
    await screenshot('integrity-broken-es-details', p.getByTestId('verdict'));

    // Exporting the dossier is refused by Rust; the view shows why instead of a bare error.
    await p.getByRole('button', { name: 'Cerrar' }).click();
    assert.equal(await p.getByTestId('verdict').count(), 0);
    await p.getByTestId('export-pdf').click();
    await p.getByText(/Algunos datos guardados ya no coinciden con lo que se registró/).waitFor();
    await p.getByTestId('verdict').waitFor();
    assert.equal(await p.getByTestId('integrity-problem').count(), 2);
  });

  test('a changed evidence file is named by its file name', async () => {
    const p = await openDemoCase({ imageEvidence: true });
    await breakCase(p, `(f, problem) => [problem({ code: 'evidence_changed', kind: 'evidence', file_name: 'captura-chat.png',
      sha256: 'ef'.repeat(32), detail: 'evidence captura-chat.png: file hashes to 0c3e…, recorded efef…' })]`);
    await p.getByTestId('verify').click();
    await p.getByTestId('verdict').waitFor();
    assert.deepEqual(await p.getByTestId('integrity-problem').allTextContents(), [
      'Prueba «captura-chat.png». El archivo cambió: ya no es el mismo que adjuntaste.',
    ]);
    assert.match(await shown(p), /^!?\s*Algo no cuadra: encontramos 1 problema en los datos de este caso\./);
    assert.match(await p.getByTestId('integrity-actions').textContent(), /Si no tienes una copia del archivo original, esa prueba ya no puede respaldar tu queja\./);
    assert.doesNotMatch(await shown(p), /efef|0c3e/);
  });

  test('in English, and it follows a language switch while shown', async () => {
    const p = await openDemoCase({ imageEvidence: true }, 'en-US');
    await breakCase(p, `(f, problem) => [...(${attempt12Changed})(f, problem),
      problem({ code: 'evidence_missing', kind: 'evidence', file_name: 'captura-chat.png', detail: 'evidence file efef… is missing' }),
      problem({ code: 'directory_changed', chain: 'directory', kind: 'company', record_id: f.companyId('ConectaMóvil'), revision: 1, detail: 'directory link 1 does not match its hash' })]`);
    await p.getByRole('button', { name: 'Verify integrity' }).click();
    await p.getByTestId('verdict').waitFor();
    assert.match(await shown(p), /^!?\s*Something is wrong: we found 3 problems in this case’s data\./);
    assert.deepEqual(await p.getByTestId('integrity-problem').allTextContents(), [
      'Attempt #12 (Jan 2, 2026, 02:00, Email). Its content no longer matches what was saved: it was modified after it was logged.',
      'Evidence “captura-chat.png”. The file is no longer in the data folder.',
      'Company details for ConectaMóvil. They no longer match what was saved: they were modified after they were logged.',
    ]);
    assert.match(await p.getByTestId('integrity-actions').textContent(), /Until this is resolved, do not export or hand in any dossier for this case\./);
    assert.equal(await p.getByTestId('integrity-details').locator('summary').textContent(), 'Technical details');
    await screenshot('integrity-broken-en');
    await screenshot('integrity-broken-en-panel', p.getByTestId('verdict'));
    await p.getByRole('button', { name: 'Español' }).click();
    await p.getByText('Intento #12 (2 ene 2026, 02:00, Correo).', { exact: false }).waitFor();
    assert.match(await shown(p), /Algo no cuadra: encontramos 3 problemas/);
  });
});
