/** One CSV record with the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A CSV syntax problem on a given line. */
export interface CsvSyntaxError {
  line: number;
  code: 'unterminated_quote' | 'text_after_quote';
  message: string;
}

/**
 * Parses RFC 4180 CSV: comma-separated, fields optionally in double quotes (`""` escapes a quote;
 * quoted fields may hold commas and line breaks), CRLF, LF or CR line ends, a leading UTF-8 BOM
 * ignored. Fields are returned as written (not trimmed). Blank lines are skipped. A malformed
 * record is reported and dropped, and parsing resumes on the next line, so one bad row in a
 * national catalogue does not hide the rest.
 */
export function parseCsv(text: string): { records: CsvRecord[]; errors: CsvSyntaxError[] } {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];

  let line = 1;
  let i = 0;
  const n = input.length;

  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let field = '';
    let broken: CsvSyntaxError | null = null;

    // Reads one record; leaves `i` just past its line end.
    for (;;) {
      if (input[i] === '"') {
        i += 1;
        let closed = false;
        while (i < n) {
          const ch = input[i];
          if (ch === '"') {
            if (input[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            closed = true;
            break;
          }
          if (ch === '\r' || ch === '\n') {
            line += 1;
            if (ch === '\r' && input[i + 1] === '\n') {
              field += '\r\n';
              i += 2;
              continue;
            }
          }
          field += ch;
          i += 1;
        }
        if (!closed) {
          broken = {
            line: recordLine,
            code: 'unterminated_quote',
            message: 'quoted field is not closed before the end of the file',
          };
          break;
        }
        const next = input[i];
        if (i < n && next !== ',' && next !== '\r' && next !== '\n') {
          broken = {
            line,
            code: 'text_after_quote',
            message: 'unexpected text after a closing quote',
          };
        }
      } else {
        while (i < n && input[i] !== ',' && input[i] !== '\r' && input[i] !== '\n') {
          field += input[i];
          i += 1;
        }
      }

      if (broken) {
        // Skip to the end of this physical line and drop the record.
        while (i < n && input[i] !== '\r' && input[i] !== '\n') i += 1;
      }
      if (i < n && input[i] === ',' && !broken) {
        fields.push(field);
        field = '';
        i += 1;
        continue;
      }
      fields.push(field);
      // At a line end or EOF.
      if (i < n) {
        if (input[i] === '\r' && input[i + 1] === '\n') i += 1;
        i += 1;
        line += 1;
      }
      break;
    }

    if (broken) {
      errors.push(broken);
      continue;
    }
    const blank = fields.length === 1 && (fields[0] ?? '').trim() === '';
    if (!blank) records.push({ line: recordLine, fields });
  }
  return { records, errors };
}
