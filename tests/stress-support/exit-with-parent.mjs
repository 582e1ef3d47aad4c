// Preloaded (node --import) into every bot process the stress suites start.
// The suite spawns the bot with an IPC channel; if the test process goes away
// (a crash, a kill, a cancelled run), the channel closes and the bot stops
// itself cleanly — nothing a suite starts outlives it. Nothing else changes:
// the bot is the unmodified dist/src/main.js.
if (process.channel) {
  process.channel.unref(); // the channel alone must not keep the bot alive
  process.on('disconnect', () => {
    // main.ts stops cleanly on SIGTERM; if that hangs, leave anyway after 20 s.
    setTimeout(() => process.exit(1), 20_000).unref();
    process.kill(process.pid, 'SIGTERM');
  });
}
