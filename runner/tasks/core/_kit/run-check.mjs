// Shared by the core tasks' verifiers: a verifier exports named checks, each returning (or
// resolving to) [passed, reason]; this runs the one named by the first argument, prints the
// reason as ONE line and exits 0 on pass, 1 otherwise.
export async function runNamedCheck(checks) {
  const name = process.argv[2];
  const check = Object.hasOwn(checks, name ?? '') ? checks[name] : undefined;
  if (!check) {
    console.log(`unknown check ${JSON.stringify(name)}; expected one of ${Object.keys(checks).join(', ')}`);
    process.exit(1);
  }
  const [passed, reason] = await check();
  console.log(reason);
  process.exit(passed ? 0 : 1);
}
