// Strings for the data folder's states (read-only, damaged at start, the demo's own store)
// and for archiving cases, in Spanish and English; spread into messages.ts.

export const foldersEs = {
  'readonly.banner': 'Esta carpeta es de solo lectura: puedes ver y exportar, no registrar.',
  'readonly.why': 'Expediente no puede escribir en {dir}. Para registrar, dale permiso de escritura o elige otra carpeta en Ajustes y vuelve a abrir la aplicación.',
  'readonly.disabled': 'Desactivado: la carpeta de datos es de solo lectura.',

  'demo.banner': 'Caso de ejemplo — nada de esto es real',
  'demo.hint': 'Se guarda aparte de tus datos: prueba lo que quieras.',
  'demo.leave': 'Salir del ejemplo',

  'cases.show_archived': 'Ver archivados ({n})',
  'cases.show_active': 'Volver a los casos',
  'cases.archived_title': 'Casos archivados',
  'cases.archived_empty': 'No hay casos archivados.',

  'case.archive': 'Archivar',
  'case.unarchive': 'Desarchivar',
  'case.archived_badge': 'Archivado',
  'case.archive_title': 'Archivar este caso',
  'case.unarchive_title': 'Devolver este caso a la lista',
  'case.archive_hint': 'El caso sale de la lista, pero se conserva completo con su cadena de integridad y su historial. Puedes desarchivarlo cuando quieras.',
  'case.archive_reason': 'Motivo',
  'case.archived_done': 'Caso archivado. Está en «Ver archivados».',
  'case.unarchived_done': 'El caso volvió a la lista.',
  'err.already_archived': 'El caso ya está archivado.',
  'err.not_archived': 'El caso no está archivado.',

  'code.read_only': 'La carpeta de datos es de solo lectura: no se puede registrar nada en ella.',
  'code.db_corrupt': 'El archivo de la base de datos está dañado o no es una base de datos de Expediente.',

  'startup.untouched': 'Expediente no ha cambiado nada en esa carpeta.',
  'startup.read_only': 'La carpeta de datos es de solo lectura y todavía no tiene datos de Expediente.',
  'startup.options': 'Qué puedes hacer',
  'startup.update': 'Instala una versión más reciente de Expediente: abrirá estos datos tal como están.',
  'startup.other_folder': 'Abrir otra carpeta de datos…',
  'startup.restore': 'Restaurar una copia de seguridad…',
} as const;

export const foldersEn: Record<keyof typeof foldersEs, string> = {
  'readonly.banner': 'This folder is read-only: you can view and export, not record.',
  'readonly.why': 'Expediente cannot write in {dir}. To record, give it write permission or choose another folder in Settings and open the app again.',
  'readonly.disabled': 'Disabled: the data folder is read-only.',

  'demo.banner': 'Sample case — none of this is real',
  'demo.hint': 'Kept apart from your data: try anything.',
  'demo.leave': 'Leave the sample',

  'cases.show_archived': 'Show archived ({n})',
  'cases.show_active': 'Back to the cases',
  'cases.archived_title': 'Archived cases',
  'cases.archived_empty': 'No archived cases.',

  'case.archive': 'Archive',
  'case.unarchive': 'Unarchive',
  'case.archived_badge': 'Archived',
  'case.archive_title': 'Archive this case',
  'case.unarchive_title': 'Bring this case back to the list',
  'case.archive_hint': 'The case leaves the list but is kept whole, with its integrity chain and its history. You can unarchive it at any time.',
  'case.archive_reason': 'Reason',
  'case.archived_done': 'Case archived. It is under “Show archived”.',
  'case.unarchived_done': 'The case is back in the list.',
  'err.already_archived': 'The case is already archived.',
  'err.not_archived': 'The case is not archived.',

  'code.read_only': 'The data folder is read-only: nothing can be recorded in it.',
  'code.db_corrupt': 'The database file is damaged or is not an Expediente database.',

  'startup.untouched': 'Expediente has changed nothing in that folder.',
  'startup.read_only': 'The data folder is read-only and holds no Expediente data yet.',
  'startup.options': 'What you can do',
  'startup.update': 'Install a newer version of Expediente: it will open this data as it is.',
  'startup.other_folder': 'Open another data folder…',
  'startup.restore': 'Restore a backup…',
};
