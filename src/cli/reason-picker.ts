import { reasonsHandlers } from '../app/reasons/reasons.js';
import type { CommandContext } from './command.js';

/** On a terminal, the reasons for a piece of IC work, picked from the catalogue (`log`, `start`). */
export async function pickReasons(cx: CommandContext, question: string): Promise<string[]> {
  const catalogue = await cx.call(reasonsHandlers.list, {});
  return cx.prompt.choose(
    question,
    catalogue.map((r) => ({ value: r.id, label: `${r.title} (${r.id})` })),
    true,
  );
}
