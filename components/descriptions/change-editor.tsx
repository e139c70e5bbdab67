'use client';

import { Checkbox } from '@/components/ui/checkbox';
import { FieldError } from '@/components/ui/field-error';
import { Input, Select, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { compileChange, PLACEHOLDER_HELP, TEMPLATE_PLACEHOLDERS } from '@/lib/descriptions/transforms';
import { FIELD_LABELS, type DescriptionChange, type DescriptionChangeKind, type DescriptionField } from '@/lib/descriptions/types';

const KIND_LABELS: Record<DescriptionChangeKind, string> = {
  keep: 'Leave unchanged',
  set: 'Set to a value',
  replace: 'Find & replace',
  prepend: 'Prepend text',
  append: 'Append text',
  template: 'Template',
};

/** A fresh change of `kind`, keeping what can be kept from `previous`. */
function changeOfKind(kind: DescriptionChangeKind, previous: DescriptionChange): DescriptionChange {
  const text = 'text' in previous ? previous.text : 'value' in previous ? previous.value : '';
  switch (kind) {
    case 'keep':
      return { kind };
    case 'set':
      return { kind, value: text };
    case 'replace':
      return previous.kind === 'replace' ? previous : { kind, find: '', replace: '', regex: false, caseSensitive: true };
    case 'prepend':
    case 'append':
      return { kind, text };
    case 'template':
      return { kind, template: previous.kind === 'template' ? previous.template : '{{description}}' };
  }
}

/** Client-side check with the same code the server runs; messages keyed by input. */
export function changeErrors(change: DescriptionChange): Record<string, string> {
  const compiled = compileChange(change);
  return compiled.ok ? {} : compiled.errors;
}

/** Chooses and configures the change for one field of a bulk edit. */
export function ChangeEditor({
  field,
  change,
  onChange,
  serverErrors,
  showErrors,
}: {
  field: DescriptionField;
  change: DescriptionChange;
  onChange: (change: DescriptionChange) => void;
  serverErrors?: readonly string[];
  /** Show client-side errors (after the first preview attempt, or as the user types in a touched form). */
  showErrors: boolean;
}) {
  const id = `change-${field}`;
  const errors = showErrors ? changeErrors(change) : {};
  const multiline = field === 'fullDescription';
  const TextInput = ({ name, value, label, onValue, placeholder }: { name: string; value: string; label: string; onValue: (v: string) => void; placeholder?: string }) => (
    <div className="space-y-1">
      <Label htmlFor={`${id}-${name}`}>{label}</Label>
      {multiline ? (
        <Textarea
          id={`${id}-${name}`}
          value={value}
          rows={4}
          className="font-mono text-xs"
          placeholder={placeholder}
          onChange={(e) => onValue(e.target.value)}
          aria-invalid={errors[name] ? true : undefined}
        />
      ) : (
        <Input id={`${id}-${name}`} value={value} placeholder={placeholder} onChange={(e) => onValue(e.target.value)} aria-invalid={errors[name] ? true : undefined} />
      )}
      <FieldError id={`${id}-${name}-error`} messages={errors[name]} />
    </div>
  );

  return (
    <fieldset className="space-y-3 rounded-lg p-4 ring-1 ring-zinc-200 dark:ring-zinc-800" data-testid={`change-${field}`}>
      <legend className="px-1 text-sm font-semibold text-zinc-900 dark:text-zinc-100">{FIELD_LABELS[field]}</legend>
      <div className="space-y-1">
        <Label htmlFor={`${id}-kind`}>Change</Label>
        <Select id={`${id}-kind`} value={change.kind} onChange={(e) => onChange(changeOfKind(e.target.value as DescriptionChangeKind, change))}>
          {(Object.keys(KIND_LABELS) as DescriptionChangeKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </Select>
      </div>
      {change.kind === 'set' ? TextInput({ name: 'value', value: change.value, label: 'New value', onValue: (value) => onChange({ ...change, value }) }) : null}
      {change.kind === 'prepend' || change.kind === 'append'
        ? TextInput({
            name: 'text',
            value: change.text,
            label: change.kind === 'prepend' ? 'Text to put before' : 'Text to put after',
            onValue: (text) => onChange({ ...change, text }),
          })
        : null}
      {change.kind === 'replace' ? (
        <>
          {TextInput({
            name: 'find',
            value: change.find,
            label: change.regex ? 'Find (regular expression)' : 'Find',
            placeholder: change.regex ? 'e.g. v(\\d+)\\.(\\d+)' : undefined,
            onValue: (find) => onChange({ ...change, find }),
          })}
          {TextInput({
            name: 'replace',
            value: change.replace,
            label: change.regex ? 'Replace with ($1, $2… insert capture groups)' : 'Replace with',
            onValue: (replace) => onChange({ ...change, replace }),
          })}
          <div className="flex flex-wrap gap-6">
            <Checkbox id={`${id}-regex`} label="Regular expression" checked={change.regex} onChange={(e) => onChange({ ...change, regex: e.target.checked })} />
            <Checkbox id={`${id}-case`} label="Case-sensitive" checked={change.caseSensitive} onChange={(e) => onChange({ ...change, caseSensitive: e.target.checked })} />
          </div>
        </>
      ) : null}
      {change.kind === 'template' ? (
        <>
          {TextInput({ name: 'template', value: change.template, label: 'Template', onValue: (template) => onChange({ ...change, template }) })}
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Placeholders:{' '}
            {TEMPLATE_PLACEHOLDERS.map((p, i) => (
              <span key={p}>
                {i > 0 ? ', ' : ''}
                <code>{`{{${p}}}`}</code> {PLACEHOLDER_HELP[p]}
              </span>
            ))}
            .
          </p>
        </>
      ) : null}
      <FieldError messages={serverErrors} />
    </fieldset>
  );
}
