// Strings for bringing data in: importing a case from its dossier PDF or export (with the
// preview shown before anything is written) and restoring a backup, in Spanish and English;
// spread into messages.ts.

export const exchangeEs = {
  'import.button': 'Importar un caso (PDF o JSON)…',
  'import.hint': 'El expediente en PDF que exporta Expediente lleva dentro el caso y sus pruebas: quien lo recibe puede importarlo aquí.',
  'import.preview_title': '¿Importar este caso?',
  'import.from_file': 'Archivo: {name}',
  'import.counts': 'Intentos de contacto: {attempts} · Pruebas: {evidence}',
  'import.files_included': 'Archivos de prueba que vienen en el archivo: {n}',
  'import.files_here': 'Ya estaban en tus datos: {n}',
  'import.files_missing': 'No vienen en el archivo: {n} (se listarán, pero no se podrán abrir)',
  'import.exported_at': 'Exportado el {when}',
  'import.already_here': 'Este caso ya está en tus datos: no se importa dos veces.',
  'import.confirm': 'Importar',
  'import.cancel': 'Cancelar',
  'import.done': 'Caso importado. Archivos de prueba guardados: {n}.',
  'import.done_missing': 'Caso importado. Pruebas que no venían en el archivo (se listan sin él): {n}.',
  'err.not_a_case_file': 'Este archivo no es un expediente exportado con sus datos ni un caso en JSON.',
  'err.not_pending': 'Ese archivo ya no está esperando: elígelo otra vez.',

  'restore.button': 'Restaurar una copia de seguridad…',
  'restore.hint': 'Se restaura en una carpeta nueva junto a la actual; tus datos actuales no se tocan.',
  'restore.done': 'Copia restaurada en {dir} (casos: {n}). Cierra Expediente y vuelve a abrirlo para usarla.',
};

export const exchangeEn: Record<keyof typeof exchangeEs, string> = {
  'import.button': 'Import a case (PDF or JSON)…',
  'import.hint': 'The PDF dossier Expediente exports carries the case and its evidence: whoever receives it can import it here.',
  'import.preview_title': 'Import this case?',
  'import.from_file': 'File: {name}',
  'import.counts': 'Contact attempts: {attempts} · Evidence: {evidence}',
  'import.files_included': 'Evidence files in the file: {n}',
  'import.files_here': 'Already in your data: {n}',
  'import.files_missing': 'Not in the file: {n} (listed, but they cannot be opened)',
  'import.exported_at': 'Exported on {when}',
  'import.already_here': 'This case is already in your data: it is not imported twice.',
  'import.confirm': 'Import',
  'import.cancel': 'Cancel',
  'import.done': 'Case imported. Evidence files stored: {n}.',
  'import.done_missing': 'Case imported. Evidence not in the file (listed without it): {n}.',
  'err.not_a_case_file': 'This file is neither a dossier exported with its data nor a case in JSON.',
  'err.not_pending': 'That file is no longer waiting: choose it again.',

  'restore.button': 'Restore a backup…',
  'restore.hint': 'It is restored into a new folder beside the current one; your current data is not touched.',
  'restore.done': 'Backup restored in {dir} (cases: {n}). Close Expediente and open it again to use it.',
};
