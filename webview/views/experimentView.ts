// The experiment form: the common fields of a *.reglab.json. "Save" asks the host to write the
// file (it validates against the schema); "Save and run" / "Save and sweep" also start it.
import { h } from '../lib/dom';
import {
  BUILTIN, DEFAULT_FORM, SWEEP_PARAMS, SYNTHETIC, experimentFileName, formToExperiment, type FormValues,
} from '../formModel';
import type { View, ViewContext } from './context';

type Field = {
  key: keyof FormValues;
  label: string;
  kind: 'text' | 'select' | 'checkbox';
  options?: (v: FormValues) => ReadonlyArray<readonly [string, string]>;
  hint?: string;
  when?: (v: FormValues) => boolean;
};

const opts = (xs: readonly string[]) => () => xs.map((x) => [x, x] as const);

const SECTIONS: Array<{ title: string; fields: Field[]; when?: (v: FormValues) => boolean }> = [
  { title: 'Experiment', fields: [
    { key: 'name', label: 'Name', kind: 'text' },
    { key: 'seed', label: 'Seed', kind: 'text' },
  ] },
  { title: 'Data', fields: [
    { key: 'dataSource', label: 'Source', kind: 'select', options: () => [['synthetic', 'synthetic'], ['builtin', 'built-in (scikit-learn)']] },
    { key: 'dataName', label: 'Data set', kind: 'select', options: (v) => (v.dataSource === 'synthetic' ? SYNTHETIC : BUILTIN).map((x) => [x, x] as const) },
    { key: 'samples', label: 'Samples', kind: 'text', when: (v) => v.dataSource === 'synthetic' },
    { key: 'noise', label: 'Noise', kind: 'text', when: (v) => v.dataSource === 'synthetic' },
    { key: 'valFraction', label: 'Validation fraction', kind: 'text' },
  ] },
  { title: 'Model', fields: [
    { key: 'hidden', label: 'Hidden layers', kind: 'text', hint: 'widths, e.g. 16, 16; empty for a linear model' },
    { key: 'activation', label: 'Activation', kind: 'select', options: opts(['relu', 'tanh', 'sigmoid', 'linear']) },
    { key: 'norm', label: 'Normalization', kind: 'select', options: opts(['none', 'layernorm', 'batchnorm']) },
    { key: 'bias', label: 'Bias', kind: 'checkbox' },
  ] },
  { title: 'Optimizer', fields: [
    { key: 'optimizer', label: 'Optimizer', kind: 'select', options: () => [['sgd', 'SGD'], ['adam', 'Adam'], ['adamw', 'AdamW']] },
    { key: 'lr', label: 'Learning rate', kind: 'text' },
    { key: 'momentum', label: 'Momentum', kind: 'text', when: (v) => v.optimizer === 'sgd' },
    { key: 'weightDecay', label: 'Weight decay λ', kind: 'text', hint: 'coupled L2 for SGD/Adam, decoupled for AdamW' },
    { key: 'paramGroups', label: 'Decay applies to', kind: 'select', options: () => [['all', 'all parameters'], ['exclude-bias-norm', 'weights only (biases and norms excluded)'], ['exclude-1d', 'tensors with ≥ 2 dimensions']] },
  ] },
  { title: 'Penalties', fields: [
    { key: 'l1', label: 'L1 λ', kind: 'text' },
    { key: 'l2', label: 'L2 λ', kind: 'text' },
    { key: 'penaltyParams', label: 'Penalized', kind: 'select', options: () => [['weights', 'weights only'], ['all', 'all parameters']] },
    { key: 'l1Mode', label: 'L1 mode', kind: 'select', options: () => [['subgradient', 'subgradient (as PyTorch)'], ['proximal', 'proximal (exact zeros)']] },
  ] },
  { title: 'Training', fields: [
    { key: 'epochs', label: 'Epochs', kind: 'text' },
    { key: 'batchSize', label: 'Batch size', kind: 'text' },
  ] },
  { title: 'λ sweep', fields: [
    { key: 'sweep', label: 'Sweep a value', kind: 'checkbox' },
    { key: 'compare', label: 'Compare', kind: 'select', when: (v) => v.sweep, options: () => [['none', 'no variants'], ['l1-vs-l2', 'L1 vs L2 vs none'], ['adam-l2-vs-adamw', 'Adam + L2 vs AdamW'], ['decay-all-vs-excluded', 'decay on all vs biases/norms excluded']] },
    { key: 'sweepParam', label: 'Swept field', kind: 'select', when: (v) => v.sweep && v.compare === 'none', options: opts(SWEEP_PARAMS) },
    { key: 'gridKind', label: 'Grid', kind: 'select', when: (v) => v.sweep, options: () => [['logspace', 'log-spaced'], ['values', 'listed values']] },
    { key: 'from', label: 'From', kind: 'text', when: (v) => v.sweep && v.gridKind === 'logspace' },
    { key: 'to', label: 'To', kind: 'text', when: (v) => v.sweep && v.gridKind === 'logspace' },
    { key: 'num', label: 'Points', kind: 'text', when: (v) => v.sweep && v.gridKind === 'logspace' },
    { key: 'includeZero', label: 'Include λ = 0', kind: 'checkbox', when: (v) => v.sweep && v.gridKind === 'logspace' },
    { key: 'values', label: 'Values', kind: 'text', when: (v) => v.sweep && v.gridKind === 'values', hint: 'e.g. 0, 1e-4, 1e-3, 1e-2' },
    { key: 'seeds', label: 'Seeds', kind: 'text', when: (v) => v.sweep },
    { key: 'select', label: 'Choose λ by', kind: 'select', when: (v) => v.sweep, options: () => [['1se', 'largest λ within 1 SE of the best'], ['min', 'lowest mean validation loss']] },
  ] },
];

export class ExperimentView implements View {
  private inputs = new Map<keyof FormValues, HTMLInputElement | HTMLSelectElement>();
  private rows = new Map<keyof FormValues, HTMLElement>();
  private errors = new Map<keyof FormValues, HTMLElement>();
  private values: FormValues = { ...DEFAULT_FORM };

  key(): string {
    return 'experiment';
  }

  mount(ctx: ViewContext, el: HTMLElement): void {
    this.values = { ...DEFAULT_FORM, ...(ctx.ui.form ?? {}) };
    const form = h('form', { class: 'experiment-form', novalidate: true });
    for (const section of SECTIONS) {
      const fs = h('fieldset', {}, h('legend', {}, section.title));
      for (const f of section.fields) fs.append(this.field(ctx, f));
      form.append(fs);
    }
    const submit = (then?: 'run' | 'sweep') => (e: Event) => { e.preventDefault(); this.save(ctx, then); };
    form.append(h('div', { class: 'form-actions' },
      h('button', { type: 'submit', onclick: submit(undefined) }, 'Save experiment'),
      h('button', { type: 'button', class: 'secondary', onclick: submit('run') }, 'Save and run'),
      h('button', { type: 'button', class: 'secondary', 'data-action': 'sweep', onclick: submit('sweep') }, 'Save and sweep'),
      h('button', { type: 'button', class: 'secondary', onclick: () => { this.values = { ...DEFAULT_FORM }; ctx.ui.form = { ...this.values }; this.refill(); ctx.changed(); } }, 'Reset')));
    el.append(h('p', { class: 'hint' }, 'The common fields of an experiment file; the file can be edited further by hand (with completion from the schema).'), form);
    this.refresh();
  }

  private field(ctx: ViewContext, f: Field): HTMLElement {
    const id = `f-${f.key}`;
    let input: HTMLInputElement | HTMLSelectElement;
    if (f.kind === 'select') {
      input = h('select', { id, name: f.key });
    } else if (f.kind === 'checkbox') {
      input = h('input', { id, name: f.key, type: 'checkbox' });
    } else {
      input = h('input', { id, name: f.key, type: 'text', spellcheck: 'false', autocomplete: 'off' });
    }
    const onChange = () => {
      (this.values as unknown as Record<string, unknown>)[f.key] = input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value;
      if (f.key === 'dataSource') this.values.dataName = this.values.dataSource === 'synthetic' ? SYNTHETIC[0] : BUILTIN[0];
      this.errors.get(f.key)!.textContent = '';
      ctx.ui.form = { ...this.values };
      ctx.changed();
      this.refresh();
    };
    input.addEventListener(f.kind === 'text' ? 'input' : 'change', onChange);
    this.inputs.set(f.key, input);
    const err = h('span', { class: 'field-error', role: 'alert' });
    this.errors.set(f.key, err);
    const row = f.kind === 'checkbox'
      ? h('div', { class: 'field checkbox' }, input, h('label', { for: id }, f.label), err)
      : h('div', { class: 'field' }, h('label', { for: id }, f.label), input, f.hint ? h('span', { class: 'field-hint' }, f.hint) : null, err);
    this.rows.set(f.key, row);
    return row;
  }

  /** Shows the fields that apply, fills select options, writes values into inputs. */
  private refresh(): void {
    for (const section of SECTIONS) for (const f of section.fields) {
      const row = this.rows.get(f.key)!;
      row.hidden = f.when ? !f.when(this.values) : false;
      const input = this.inputs.get(f.key)!;
      if (input instanceof HTMLSelectElement && f.options) {
        const options = f.options(this.values);
        const want = options.map(([v]) => v).join('|');
        if (input.dataset.options !== want) {
          input.replaceChildren(...options.map(([v, label]) => h('option', { value: v }, label)));
          input.dataset.options = want;
        }
      }
    }
    this.refill();
  }

  private refill(): void {
    for (const [key, input] of this.inputs) {
      const v = this.values[key];
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = !!v;
      else if (input.value !== String(v)) input.value = String(v);
    }
  }

  private save(ctx: ViewContext, then?: 'run' | 'sweep'): void {
    if (then === 'sweep' && !this.values.sweep) {
      this.values.sweep = true;
      this.refresh();
    }
    const r = formToExperiment(this.values);
    for (const [key, el] of this.errors) el.textContent = r.errors[key] ?? '';
    if (!r.experiment) {
      const first = Object.keys(r.errors)[0] as keyof FormValues;
      this.inputs.get(first)?.focus();
      ctx.notify('error', `Fix the highlighted field${Object.keys(r.errors).length > 1 ? 's' : ''} first.`);
      return;
    }
    const presetId = ctx.ui.formPresetId;
    ctx.host.post({ type: 'saveExperiment', experiment: r.experiment, suggestedName: experimentFileName(this.values.name), ...(then ? { then } : {}), ...(presetId ? { presetId } : {}) });
  }

  /** A preset from the host replaces the form's values. */
  setValues(v: FormValues): void {
    this.values = { ...v };
    if (this.inputs.size) this.refresh();
  }

  update(): void {}

  destroy(): void {
    this.inputs.clear();
    this.rows.clear();
    this.errors.clear();
  }
}
