import { isUtf8 } from 'node:buffer';
import { AppError } from '../../errors.js';
import { readBoundedFile } from '../read-file.js';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Reads an export file as text. Refuses, with a sentence saying what to do, a file that is too
 * large (checked before reading), binary, UTF-16 (what Excel's "Unicode text" writes) or otherwise
 * not UTF-8. A UTF-8 byte order mark, which Excel and Jira put in front of CSV files, is dropped.
 */
export async function readExportText(path: string, maxBytes: number = DEFAULT_MAX_BYTES): Promise<string> {
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
    throw new AppError('invalid', `The size limit must be a positive number of bytes, not ${maxBytes}.`, {
      field: 'maxBytes',
    });
  }
  const bytes = readBoundedFile(path, maxBytes, 'a CSV or JSON export');
  return decodeExport(bytes, path);
}

/** The text of an export's bytes, or an `import-invalid` error naming `file`. */
export function decodeExport(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0) throw new AppError('import-invalid', `${file} is empty.`);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new AppError('import-invalid', `${file} is UTF-16 text; save it as UTF-8 (in Excel: "CSV UTF-8").`);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new AppError(
      'import-invalid',
      `${file} is a binary file (a zero byte on line ${lineAt(bytes, nul)}), not a CSV or JSON export.`,
    );
  }
  if (!isUtf8(bytes)) {
    const bad = firstInvalidUtf8(bytes);
    throw new AppError(
      'import-invalid',
      `${file} is not UTF-8 text (line ${lineAt(bytes, bad)} has a byte that is not); export it again as UTF-8.`,
    );
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8; only called once isUtf8 said something does. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= b.length) return i;
    const c1 = b[i + 1]!;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if (
      (c === 0xe0 && c1 < 0xa0) ||
      (c === 0xed && c1 > 0x9f) ||
      (c === 0xf0 && c1 < 0x90) ||
      (c === 0xf4 && c1 > 0x8f)
    ) {
      return i;
    }
    for (let k = 1; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}
