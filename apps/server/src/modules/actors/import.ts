import { type Actor, ActorSchema } from '@samverkan/contracts';
import { parse } from 'csv-parse/sync';

export class ActorImportError extends Error {
  override name = 'ActorImportError';
}

/**
 * Reads an actor list from CSV (header: id,name,category,municipalityCode) or
 * JSON (an array of actors). Every row is checked; the errors name the row
 * and the field, and nothing is imported unless all rows are valid.
 */
export function parseActorList(content: string, format: 'csv' | 'json'): Actor[] {
  let rows: unknown[];
  try {
    rows =
      format === 'json'
        ? (JSON.parse(content) as unknown[])
        : parse(content, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    throw new ActorImportError(`The file is not valid ${format.toUpperCase()}: ${(err as Error).message}`);
  }
  if (!Array.isArray(rows)) throw new ActorImportError('The file must hold a list of actors');

  const problems: string[] = [];
  const actors: Actor[] = [];
  rows.forEach((raw, i) => {
    const row = raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : raw;
    if (row && typeof row === 'object' && 'municipalityCode' in row && row.municipalityCode === '') {
      delete (row as Record<string, unknown>).municipalityCode;
    }
    const parsed = ActorSchema.safeParse(row);
    if (parsed.success) actors.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        problems.push(`row ${i + 1}: ${issue.path.join('.') || 'row'}: ${issue.message}`);
  });
  const seen = new Set<string>();
  for (const a of actors) {
    if (seen.has(a.id)) problems.push(`id ${a.id} appears more than once`);
    seen.add(a.id);
  }
  if (problems.length > 0) throw new ActorImportError(`The actor list has errors:\n${problems.join('\n')}`);
  if (actors.length === 0) throw new ActorImportError('The actor list is empty');
  return actors;
}

export function formatOf(fileName: string): 'csv' | 'json' {
  return fileName.toLowerCase().endsWith('.json') ? 'json' : 'csv';
}
