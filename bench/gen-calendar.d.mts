/** Types for gen-calendar.mjs, so tests written in TypeScript can use the generator. */
export function generateCalendar(options?: { events?: number; seed?: number }): string;
