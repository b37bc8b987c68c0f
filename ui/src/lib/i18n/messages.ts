// Every UI string, by key, in Spanish (es.ts) and English (en.ts), with the strings of
// folder states (folders.ts) and of bringing data in (exchange.ts) spread into both. A key
// missing in one language is a type error and a unit-test failure (tests/unit/i18n.test.ts).

import { en } from './en';
import { es } from './es';

export type Lang = 'es' | 'en';

export type MessageKey = keyof typeof es;

export const messages: Record<Lang, Record<MessageKey, string>> = { es, en };
