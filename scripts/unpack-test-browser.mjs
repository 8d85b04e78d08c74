// `npm install`'s last step: unpacks the headless Chromium the browser tests drive (test/browser/bundled-chromium.ts,
// about 2 s of CPU), so the first `npm test` on a fresh clone does not pay for it. Never fails the install: where
// the browser cannot be unpacked (another platform, dev dependencies omitted, a Node too old to run the
// TypeScript), the browser tests unpack it themselves or say what to set.
try {
  const { chromiumExecutable } = await import('../test/browser/bundled-chromium.ts');
  await chromiumExecutable(process.env);
} catch (error) {
  console.log(
    `the test browser was not unpacked now (the browser tests will try): ${error?.message ?? error}`,
  );
}
