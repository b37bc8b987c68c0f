// The domain's enumerations in display order (mirrors the Rust `ALL` constants).
import type { CaseStatus } from '$lib/bindings/CaseStatus';
import type { Channel } from '$lib/bindings/Channel';
import type { Outcome } from '$lib/bindings/Outcome';

export const CHANNELS: Channel[] = [
  'phone', 'email', 'web_chat', 'chatbot', 'social_media', 'whatsapp', 'sms', 'in_person', 'letter', 'web_form', 'other',
];
export const OUTCOMES: Outcome[] = ['no_response', 'canned_reply', 'redirected', 'promise', 'partial_fix', 'refused', 'resolved'];
export const STATUSES: CaseStatus[] = ['open', 'waiting', 'escalated', 'resolved', 'closed_unresolved'];
/** Agency profile codes offered when creating a case ("" = not chosen yet): the profiles of
 *  src-tauri/crates/core/agencies/, in their order (a core test checks this line). */
export const AGENCIES = ['', 'profeco', 'condusef', 'cfpb', 'ftc', 'fos', 'consumo', 'defensa_consumidor', 'sernac', 'sic', 'indecopi', 'other'];
export const AGENCY_NAMES: Record<string, string> = {
  profeco: 'PROFECO', condusef: 'CONDUSEF', cfpb: 'CFPB', ftc: 'FTC', fos: 'Financial Ombudsman Service', consumo: 'Consumo',
  defensa_consumidor: 'Defensa del Consumidor (AR)', sernac: 'SERNAC', sic: 'SIC', indecopi: 'INDECOPI', other: '—',
};
