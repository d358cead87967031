// Placeholder until this command lands; exits with an explicit error rather than pretending.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('reglab: this command is not implemented yet\n');
  return 1;
}
