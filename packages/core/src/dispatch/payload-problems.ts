import type { FieldError } from '../errors';
import { MAX_DEPTH } from '../serialization/json-codec';
import { previewValue } from './preview-value';

/** What `payloadProblems` looks for besides keys that reach `Object.prototype`. */
export interface ProblemChecks {
  /** Strings (and keys) no store can hold: a NUL character, a lone surrogate. */
  readonly strings: boolean;
  /** Cycles and nesting deeper than `MAX_DEPTH`, which would overflow a recursive copy. */
  readonly shape: boolean;
  /** A top-level property left out of the string check (the aggregate id has its own error). */
  readonly skip?: string;
}

/** One problem at one path, before `nest` groups them into field errors. */
export interface Problem {
  readonly path: readonly (string | number)[];
  readonly value?: unknown;
  readonly constraint: string;
  readonly message: string;
}

/** `address.city`, `lines[2].sku`: a property's path from the command, as a field error names it. */
export function pathText(path: readonly (string | number)[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text;
}

const textProblem = (text: string): string | undefined =>
  text.includes('\u0000')
    ? 'holds a NUL character (\\u0000), which cannot be stored'
    : !text.isWellFormed()
      ? 'holds an unpaired surrogate (not valid Unicode), which cannot be stored'
      : undefined;

/**
 * The problems of a command or payload that class-validator does not see, at every level:
 * keys such as `__proto__` or `constructor` (class-validator's whitelist looks keys up on a
 * plain object, so inherited ones would slip through it; class-transformer drops them
 * silently), and, as asked, unstorable strings and shapes. As nested field errors.
 */
export function payloadProblems(root: object, checks: ProblemChecks): FieldError[] {
  const problems: Problem[] = [];
  const path: (string | number)[] = [];
  const seen = new Set<object>();

  const visit = (value: object, depth: number): void => {
    if (seen.has(value)) {
      if (checks.shape) problems.push({ path: [...path], constraint: 'isAcyclic', message: 'is a circular reference' });
      return;
    }
    if (depth > MAX_DEPTH) {
      if (checks.shape) {
        problems.push({
          path: [...path],
          constraint: 'maxDepth',
          message: `is nested deeper than ${MAX_DEPTH} levels`,
        });
      }
      return;
    }
    seen.add(value);
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const part = isArray ? Number(key) : key;
      path.push(part);
      const name = pathText(path);
      if (!isArray && (key === '__proto__' || key in Object.prototype)) {
        problems.push({
          path: [...path],
          constraint: 'whitelistValidation',
          message: `property ${name} is not part of the command`,
        });
      } else if (checks.strings && !isArray && textProblem(key)) {
        problems.push({
          path: [...path],
          constraint: 'isStorableText',
          message: `the key of ${name} ${textProblem(key)}`,
        });
      } else {
        const item = (value as Record<string, unknown>)[key];
        const skipped = depth === 0 && key === checks.skip;
        if (checks.strings && !skipped && typeof item === 'string' && textProblem(item)) {
          problems.push({
            path: [...path],
            value: item,
            constraint: 'isStorableText',
            message: `${name} ${textProblem(item)}`,
          });
        } else if (typeof item === 'object' && item !== null && (Array.isArray(item) || isWalkable(item))) {
          visit(item, depth + 1);
        }
      }
      path.pop();
    }
    seen.delete(value);
  };

  visit(root, 0);
  return nest(problems);
}

/** Plain objects and class instances (value objects); not Dates, Maps, Sets or buffers. */
function isWalkable(value: object): boolean {
  return !(value instanceof Date || value instanceof Map || value instanceof Set || ArrayBuffer.isView(value));
}

/** Problems found by path, as the tree of field errors class-validator builds for nested properties. */
export function nest(problems: readonly Problem[]): FieldError[] {
  interface Node {
    property: string;
    path: string;
    value?: unknown;
    constraints: Record<string, string>;
    children: Node[];
  }
  const roots: Node[] = [];
  for (const problem of problems) {
    let level = roots;
    let node: Node | undefined;
    for (let i = 0; i < problem.path.length; i++) {
      const property = String(problem.path[i]);
      node = level.find((n) => n.property === property);
      if (!node) {
        node = { property, path: pathText(problem.path.slice(0, i + 1)), constraints: {}, children: [] };
        level.push(node);
      }
      level = node.children;
    }
    node!.constraints[problem.constraint] = problem.message;
    if (problem.value !== undefined) node!.value = previewValue(problem.value);
  }
  return roots;
}
