/** A declarative config schema: one table per config file is the single source of keys, types, ranges and defaults. */

export type FieldSpec =
  | { type: 'number'; default: number; min: number; max: number; minExclusive?: boolean; maxExclusive?: boolean; doc: string }
  | { type: 'integer'; default: number; min: number; max: number; doc: string }
  | { type: 'boolean'; default: boolean; doc: string };

export type Schema = Record<string, FieldSpec>;

/** The typed object a schema describes. */
export type ConfigOf<S extends Schema> = {
  -readonly [K in keyof S]: S[K] extends { type: 'boolean' } ? boolean : number;
};

/** The allowed range of a field, written as a user reads it in an error message. */
export function describeRange(spec: FieldSpec): string {
  if (spec.type === 'boolean') return 'true or false';
  if (spec.type === 'integer') return `a whole number in [${spec.min}, ${spec.max}]`;
  const lo = spec.minExclusive ? '(' : '[';
  const hi = spec.maxExclusive ? ')' : ']';
  return `a number in ${lo}${spec.min}, ${spec.max}${hi}`;
}

function fieldError(spec: FieldSpec, value: unknown): boolean {
  if (spec.type === 'boolean') return typeof value !== 'boolean';
  if (typeof value !== 'number' || !Number.isFinite(value)) return true;
  if (spec.type === 'integer' && !Number.isInteger(value)) return true;
  if (value < spec.min || value > spec.max) return true;
  if (spec.type === 'number' && ((spec.minExclusive && value === spec.min) || (spec.maxExclusive && value === spec.max))) return true;
  return false;
}

/** Every key at its default. */
export function defaultsOf<S extends Schema>(schema: S): ConfigOf<S> {
  const out: Record<string, number | boolean> = {};
  for (const [key, spec] of Object.entries(schema)) out[key] = spec.default;
  return out as ConfigOf<S>;
}

/**
 * Validates a parsed config object against `schema`; missing keys take their defaults.
 * Throws on the first unknown key or bad value, naming the file, the key and the allowed range.
 */
export function validateConfig<S extends Schema>(schema: S, value: unknown, file: string): ConfigOf<S> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${file}: expected a JSON object of settings, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`);
  }
  const out = defaultsOf(schema) as Record<string, number | boolean>;
  for (const [key, v] of Object.entries(value)) {
    const spec = schema[key];
    if (!spec) throw new Error(`${file}: unknown key '${key}' (known keys: ${Object.keys(schema).join(', ')})`);
    if (fieldError(spec, v)) throw new Error(`${file}: '${key}' must be ${describeRange(spec)}, got ${JSON.stringify(v)}`);
    out[key] = v as number | boolean;
  }
  return out as ConfigOf<S>;
}

/** Parses JSON text and validates it; a syntax error names the file too. */
export function parseConfig<S extends Schema>(schema: S, text: string, file: string): ConfigOf<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return validateConfig(schema, parsed, file);
}
