// `npx tsoc export --format csv | head`: when the reader closes the pipe early,
// the output is simply not wanted any more. End quietly with exit 0 instead of
// an EPIPE stack trace; any other output error is reported in one line.
export function endQuietlyWhenReaderCloses(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      exit(0);
      return;
    }
    process.stderr.write(`Could not write the output: ${err.message}\n`);
    exit(2);
  });
}
