// Slack's 3 s run from when it sent a request: the bot's acknowledgement budget
// counts from when the request reached it, so a request that waited before its
// listener ran (a slow body, a busy moment) is acknowledged sooner, never later.
import { describe, expect, it } from 'vitest';
import { budgetLeft, within } from '../../src/slack/within.js';

describe('the acknowledgement budget', () => {
  it('is what is left of it since the request arrived', () => {
    expect(budgetLeft(2500, 10_000, 10_600)).toBe(1900);
    expect(budgetLeft(2500, 10_000, 13_000)).toBe(-500);
  });

  it('is whole when the arrival time is not known (Socket Mode)', () => {
    expect(budgetLeft(2500, undefined)).toBe(2500);
    expect(budgetLeft(2500, 'yesterday')).toBe(2500);
  });

  it('spent already: the work is not waited for, and it still finishes', async () => {
    let finished = false;
    const work = new Promise<string>((resolve) => setTimeout(() => { finished = true; resolve('done'); }, 20));
    expect(await within(work, budgetLeft(2500, Date.now() - 3000))).toEqual({ done: false });
    expect(await work).toBe('done');
    expect(finished).toBe(true);
  });

  it('left: the work is waited for up to what is left, not the whole budget', async () => {
    const started = Date.now();
    // Done at 250 ms: within the whole budget (300 ms), not within what is left of it (100 ms).
    const work = new Promise<string>((resolve) => setTimeout(() => resolve('done'), 250));
    expect(await within(work, budgetLeft(300, started - 200, started))).toEqual({ done: false });
    expect(await within(Promise.resolve('quick'), budgetLeft(300, started, started))).toEqual({ done: true, value: 'quick' });
  });
});
