// A plausible quarter of updates, made the way people make them: `update`
// commands through the engine, each at its own time on the bot's clock.
import type { Identity } from '../../src/core/identity.js';
import type { BoardBot } from './board-support.js';

export const SCRIPT_NOTE = '<script>alert("owned")</script> waiting on <b>legal</b> & "policy" advice';

const steward: Identity = { platform: 'slack', userId: 'U_STEWARD', displayName: 'Mere Tipene', email: 'steward@tsoc.example.nz' };
const police: Identity = { platform: 'teams', userId: 'aad-aroha', displayName: 'Aroha Ngata', email: 'aroha.ngata@police.govt.nz' };

/** [day offset from 1 Oct 2026, who, command] */
const UPDATES: [number, Identity, string][] = [
  [1, steward, 'update 1a on-track Cross-agency working group formed'],
  [2, steward, 'update 2 on-track Terms of reference agreed'],
  [3, police, 'update 7 on-track Team recruited'],
  [6, steward, 'update 13a on-track Scoping complete'],
  [8, steward, 'update 13b on-track Legal review started'],
  [10, steward, 'update 4a on-track Data-sharing agreement drafted'],
  [15, steward, 'update 16 at-risk Funding decision delayed to December'],
  [17, steward, 'update 3 on-track Pilot sites chosen'],
  [22, steward, 'update 5 on-track'],
  [24, police, 'update 7 at-risk Two analysts seconded to another operation'],
  [29, steward, 'update 9 on-track Engagement plan approved'],
  [31, steward, `update 13b at-risk ${SCRIPT_NOTE}`],
  [36, steward, 'update 1b complete Strategy published'],
  [38, steward, 'update 11 on-track'],
  [43, steward, 'update 14a off-track Vendor withdrew; procurement restarts in February'],
  [45, police, 'update 7 on-track Analysts back; recruitment finished'],
  [50, steward, 'update 6 on-track First joint operation planned'],
  [52, steward, 'update 17 at-risk Legislative slot not yet confirmed'],
  [54, steward, 'update 2 complete Framework signed off by chief executives'],
];

export async function seedQuarter(bot: BoardBot): Promise<void> {
  const start = Date.parse('2026-09-30T20:00:00Z'); // 9 am, 1 October, in Auckland
  for (const [day, who, command] of UPDATES) {
    bot.clock.now = new Date(start + day * 86_400_000);
    const reply = await bot.engine.run(command, who);
    if (!reply.ok) throw new Error(`${command}: ${reply.title}`);
  }
  bot.clock.now = new Date('2026-11-26T09:00:00Z');
}
