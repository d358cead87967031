// Measures `reglab lint` against the held-out labels in test/heldout/labels.json: per-rule
// precision / recall over (file, rule) pairs, the confusion counts, and every false positive and
// false negative with the linter's message (or the label's reason).
//
//   node scripts/eval-lint.mjs <corpus folder> [--labels FILE] [--batch NAME] [--dist] [--json]
//
// The corpus is NOT in the repository and NOT in CI: it is public code fetched by hand (see
// labels.json "about"), laid out as <corpus>/<owner>/<repo>/<path> for every entry. The script
// stops with exit code 2 and the list of missing files when the corpus is incomplete, rather than
// scoring a partial set. By default it runs the linter from the working tree's sources (tsx);
// --dist runs the built dist/cli.js instead. --batch NAME scores only the entries labelled with that
// "batch" (a blind batch's first score). Exit code 0 once measured (the numbers are the result).
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const corpus = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--labels' && args[i - 1] !== '--batch');
if (!corpus) {
  console.error('usage: node scripts/eval-lint.mjs <corpus folder> [--labels FILE] [--batch NAME] [--dist] [--json]');
  process.exit(2);
}
const labelsFile = option('--labels') ?? path.join(root, 'test/heldout/labels.json');
const manifest = JSON.parse(readFileSync(labelsFile, 'utf8'));
const rules = ['decayed-bias-norm', 'adam-coupled-weight-decay', 'no-decay-group-inherits', 'norm-not-excluded', 'l1-all-params', 'bias-regularizer', 'weight-decay-range'];
for (const [i, f] of manifest.files.entries()) {
  for (const r of f.expected) if (!rules.includes(r)) throw new Error(`${labelsFile}: files[${i}] (${f.repo}/${f.path}): unknown rule "${r}"`);
}

const batch = option('--batch');
const selected = batch === undefined ? manifest.files : manifest.files.filter((f) => f.batch === batch);
if (batch !== undefined && selected.length === 0) {
  console.error(`eval-lint: no entry of ${labelsFile} has batch "${batch}"`);
  process.exit(2);
}
const entries = selected.map((f) => ({ ...f, key: `${f.repo}/${f.path}`, abs: path.resolve(corpus, f.repo, f.path) }));
const missing = entries.filter((e) => !existsSync(e.abs));
if (missing.length) {
  console.error(`eval-lint: ${missing.length} of ${entries.length} labelled files are missing under ${path.resolve(corpus)}:`);
  for (const m of missing) console.error(`  ${m.key}  (commit ${m.commit})`);
  console.error('The held-out corpus is not in the repository; fetch those files at the listed commits first.');
  process.exit(2);
}

// One linter process for the whole set; paths relative to the corpus so they match the labels.
const tsx = () => pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('tsx')).href;
const cli = flag('--dist') ? [path.join(root, 'dist/cli.js')] : ['--import', tsx(), path.join(root, 'src/cli/main.ts')];
const run = spawnSync(process.execPath, [...cli, 'lint', '--format', 'json', ...entries.map((e) => e.key)], {
  cwd: path.resolve(corpus), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
});
if (run.status !== 0 && run.status !== 1) {
  console.error(`eval-lint: the linter failed (exit ${run.status ?? run.error}):\n${run.stderr}`);
  process.exit(2);
}
const out = JSON.parse(run.stdout);
const got = new Map(entries.map((e) => [e.key, new Map()]));
for (const f of out.findings) {
  const key = f.file.split(path.sep).join('/');
  const m = got.get(key);
  if (!m) throw new Error(`finding for an unlabelled file ${f.file}`);
  if (!m.has(f.rule)) m.set(f.rule, `${f.line}: ${f.message}`);
}
const unresolved = new Map();
for (const o of out.optimizers ?? []) {
  const key = o.file.split(path.sep).join('/');
  if (/not resolved/.test(o.summary)) unresolved.set(key, (unresolved.get(key) ?? 0) + 1);
}

const perRule = Object.fromEntries(rules.map((r) => [r, { tp: 0, fp: 0, fn: 0, tn: 0 }]));
const fps = [];
const fns = [];
for (const e of entries) {
  const found = got.get(e.key);
  for (const r of rules) {
    const want = e.expected.includes(r);
    const have = found.has(r);
    const c = perRule[r];
    if (want && have) c.tp++;
    else if (!want && have) { c.fp++; fps.push({ file: e.key, rule: r, detail: found.get(r) }); }
    else if (want && !have) { c.fn++; fns.push({ file: e.key, rule: r, detail: e.why }); }
    else c.tn++;
  }
}
const ratio = (a, b) => (b === 0 ? null : a / b);
const total = { tp: 0, fp: 0, fn: 0, tn: 0 };
for (const c of Object.values(perRule)) for (const k of Object.keys(total)) total[k] += c[k];
const summary = Object.fromEntries([...rules, 'all'].map((r) => {
  const c = r === 'all' ? total : perRule[r];
  return [r, { ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) }];
}));

if (flag('--json')) {
  process.stdout.write(JSON.stringify({ files: entries.length, repos: new Set(entries.map((e) => e.repo)).size, rules: summary, falsePositives: fps, falseNegatives: fns }, null, 1) + '\n');
  process.exit(0);
}
const pct = (v) => (v === null ? '   n/a' : `${(100 * v).toFixed(1).padStart(5)}%`);
console.log(`held-out set${batch === undefined ? '' : ` (batch ${batch})`}: ${entries.length} files from ${new Set(entries.map((e) => e.repo)).size} repositories (${labelsFile})`);
console.log(`optimizer constructions reported: ${out.optimizers?.length ?? 0}, of which with groups or decay not resolved statically: ${[...unresolved.values()].reduce((a, b) => a + b, 0)}\n`);
console.log('rule                        TP   FP   FN   TN  precision  recall');
for (const r of [...rules, 'all']) {
  const s = summary[r];
  console.log(`${r.padEnd(26)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)} ${String(s.tn).padStart(4)}     ${pct(s.precision)}  ${pct(s.recall)}`);
}
console.log(`\nfalse positives (${fps.length}):`);
for (const x of fps) console.log(`  ${x.rule}  ${x.file}:${x.detail}`);
console.log(`\nfalse negatives (${fns.length}):`);
for (const x of fns) console.log(`  ${x.rule}  ${x.file}  -- expected because: ${x.detail}`);
