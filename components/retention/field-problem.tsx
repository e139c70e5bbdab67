import type { ShownError } from './form-model';

/** An error under an input, pointing at the character it is about (a caret under the text). */
export function FieldProblem({
  id,
  errors,
  text,
}: {
  id: string;
  errors: readonly ShownError[] | undefined;
  text?: string;
}) {
  if (!errors || errors.length === 0) return null;
  return (
    <div id={id} className="mt-1.5 space-y-1.5" data-testid="field-problem">
      {errors.map((e, i) => {
        const shown = e.pattern ?? text;
        const where = [
          e.line !== undefined ? `line ${e.line}` : null,
          e.position !== null ? `character ${e.position + 1}` : null,
        ]
          .filter(Boolean)
          .join(', ');
        return (
          <div key={i} className="text-sm text-red-600 dark:text-red-400">
            <p>
              {where ? <span className="font-medium">{where[0]?.toUpperCase() + where.slice(1)}: </span> : null}
              {e.message}
            </p>
            {shown !== undefined && e.position !== null ? (
              <pre
                aria-hidden="true"
                data-testid="problem-caret"
                className="mt-1 overflow-x-auto rounded bg-red-50 px-2 py-1 font-mono text-xs leading-4 text-red-800 dark:bg-red-950/40 dark:text-red-200"
              >
                {shown}
                {'\n'}
                {' '.repeat(Math.min(e.position, shown.length))}^
              </pre>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
