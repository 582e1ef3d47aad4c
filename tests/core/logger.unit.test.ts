import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../src/logger.js';

function capture(level: LogLevel = 'info') {
  const lines: string[] = [];
  return { lines, logger: createLogger(level, (l) => lines.push(l)), parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the JSON-lines logger', () => {
  it('writes one JSON object a line with the time, the level name, the message and the fields', () => {
    const { lines, logger, parsed } = capture();
    logger.info('listening', { url: 'http://127.0.0.1:3978', at: new Date(0), error: new Error('boom') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [line] = parsed();
    expect(line).toEqual({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), msg: 'listening',
      url: 'http://127.0.0.1:3978', at: '1970-01-01T00:00:00.000Z', error: 'boom' });
  });

  it('keeps to LOG_LEVEL', () => {
    const { logger, parsed } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(parsed().map((l) => [l.level, l.msg])).toEqual([['warn', 'w'], ['error', 'e']]);
  });

  it('never writes a token, a secret, a password or a person\'s email, and keeps the rest', () => {
    const { lines, logger } = capture();
    logger.info('slack request', {
      token: 'xoxb-SECRET-TOKEN-1', headers: { authorization: 'Bearer SECRET-BEARER-2', host: 'slack.example' },
      slack: { signingSecret: 'SECRET-SIGNING-3' }, password: 'SECRET-PASSWORD-4', team: 'T123',
    });
    logger.warn('teams member look-up failed', { user: 'ann.smith@dia.govt.nz', by: 'bob@mbie.govt.nz', error: new Error('no person carol@msd.govt.nz in the tenant') });
    logger.error('board: signed in as dave@dpmc.govt.nz', { email: 'dave@dpmc.govt.nz' });
    logger.warn('slack api call failed: token xoxb-123-456-SECRETSLACK was revoked', { detail: 'Authorization: Bearer SECRET.JWT.5' });
    const out = lines.join('\n');
    for (const hidden of ['SECRET-TOKEN', 'SECRET-BEARER', 'SECRET-SIGNING', 'SECRET-PASSWORD', 'SECRETSLACK', 'SECRET.JWT', 'ann.smith', 'bob@', 'carol@', 'dave@']) {
      expect(out).not.toContain(hidden);
    }
    for (const kept of ['slack request', 'slack.example', 'T123', 'teams member look-up failed', 'no person', 'in the tenant', 'board: signed in as', '@dia.govt.nz', '@dpmc.govt.nz', 'slack api call failed: token', 'was revoked', 'Authorization: Bearer']) {
      expect(out).toContain(kept);
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({ token: '[redacted]', headers: { authorization: '[redacted]', host: 'slack.example' } });
  });
});
