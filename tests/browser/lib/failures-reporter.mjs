// A node:test reporter that writes only the failures, one block each: the test's name and its
// message (the assertion text, which names the page, the rule and the element). scripts/test.sh
// prints this file in its closing summary so a failed run says what is wrong without scrolling.
export default async function* failures(source) {
  let count = 0;
  const stderr = new Map(); // file → what it printed to stderr (a crash's stack trace)
  for await (const event of source) {
    if (event.type === 'test:stderr') {
      const f = event.data.file || '';
      stderr.set(f, ((stderr.get(f) || '') + event.data.message).slice(-4000));
      continue;
    }
    if (event.type !== 'test:fail') continue;
    const err = event.data.details?.error;
    if (err?.failureType === 'subtestsFailed') continue; // the parent of failed subtests: noise
    count++;
    const cause = err?.cause ?? err;
    // the message only: drop assert's "+ actual - expected" diff, which repeats it
    const message = String(cause?.message ?? cause ?? 'failed')
      .split(/\n\s*\+ actual - expected/)[0]
      .split('\n')
      .filter((l) => !/^\s*[+-] {2,}\S|^\s*[+-] [[\]]|^\s*$/.test(l))
      .join('\n');
    const where = event.data.file ? ` (${event.data.file.split('/').slice(-2).join('/')})` : '';
    // a whole test file that failed (it crashed or could not start): show what it printed
    const crash = err?.exitCode !== undefined && stderr.get(event.data.file || '') ? `\n${stderr.get(event.data.file || '').trim()}` : '';
    yield `✗ ${event.data.name}${where}\n  ${(message + crash).replace(/\n/g, '\n  ')}\n`;
  }
  if (count === 0) yield '';
}
