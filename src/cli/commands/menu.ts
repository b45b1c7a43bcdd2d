import { defineCommand } from '../command.js';
import { PromptCancelled } from '../prompt.js';

const ITEMS = [
  { value: 'check', label: 'Check an IC task before taking it' },
  { value: 'log', label: 'Log IC work' },
  { value: 'start', label: 'Start a timer on IC work' },
  { value: 'stop', label: 'Stop the timer and log it' },
  { value: 'week', label: 'See this week' },
  { value: 'commitments add', label: 'Add a leadership commitment' },
  { value: 'commitments list', label: 'See open commitments' },
  { value: 'actions list', label: 'See improvement actions' },
  { value: 'reflect', label: 'Write a reflection' },
  { value: 'reasons list', label: 'Browse the reasons' },
  { value: 'init', label: 'Set up or edit your profile' },
  { value: 'quit', label: 'Quit' },
];

/** What `handson` alone opens on a terminal: pick a task, run it, come back. */
export default defineCommand({
  meta: { name: 'menu', summary: 'A small menu of the common tasks.', usage: [''] },
  async run(cx) {
    const { EXIT, runCommand } = await import('../main.js');
    cx.out('Hands-on — what would you like to do?');
    for (;;) {
      const [pick] = await cx.prompt.choose('', ITEMS);
      if (pick === undefined || pick === 'quit') return;
      // Each choice runs as its own command, with its own prompts; an error is shown and the menu stays.
      cx.prompt.close();
      const args = pick.split(' ');
      if (cx.values['data'] !== undefined) args.push('--data', String(cx.values['data']));
      // Ctrl+C or Ctrl+D inside a task leaves Hands-on, as it does at the menu itself.
      if ((await runCommand(args, cx.io, {})) === EXIT.interrupted) throw new PromptCancelled();
      cx.out();
    }
  },
});
