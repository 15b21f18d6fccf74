// Loads each module named on the command line, by require and by import, and prints one line
// per attempt: `loaded`, or the error's code, the missing packages and the install line.
function describe(error) {
  const missing = (error.missing ?? []).map((p) => p.name).join(', ');
  return `${error.code} [${missing}] ${error.install ?? error.message}`;
}

async function main() {
  for (const name of process.argv.slice(2)) {
    for (const [how, load] of [
      ['require', async () => require(name)],
      ['import', () => import(name)],
    ]) {
      try {
        await load();
        console.log(`${name} by ${how}: loaded`);
      } catch (error) {
        console.log(`${name} by ${how}: ${describe(error)}`);
      }
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
