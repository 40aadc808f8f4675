/** A tiny argv parser: flags with values, repeatable flags, booleans, positionals. */
export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string[]>;
  flags: Set<string>;
}

export function parseArgs(argv: string[], spec: { values?: string[]; flags?: string[] }): ParsedArgs {
  const valueNames = new Set(spec.values ?? []);
  const flagNames = new Set(spec.flags ?? []);
  const out: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (valueNames.has(name)) {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        out.values.set(name, [...(out.values.get(name) ?? []), v]);
      } else if (flagNames.has(name) && eq < 0) {
        out.flags.add(name);
      } else {
        throw new UsageError(`unknown option --${name}`);
      }
    } else {
      out.positionals.push(a);
    }
  }
  return out;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}
