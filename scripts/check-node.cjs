// npm runs this before `npm start` and `npm test`: on an older Node the tools fail in confusing
// ways (one test reporter even crashes and exits 0), so stop early with a clear message.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Flightdeck needs Node.js 22.12 or newer (Node 24 LTS recommended); this is ${process.version}.`,
  );
  process.exit(1);
}
