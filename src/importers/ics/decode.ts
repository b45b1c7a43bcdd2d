import { AppError } from '../../errors.js';

/**
 * File bytes → text for `readCalendar`. RFC 5545 §3.1.4 says UTF-8; older Outlook exports are
 * sometimes Windows-1252, which is tried when the bytes are not valid UTF-8. A file with NUL
 * bytes is binary (a PDF, an image, a zip) and is refused with a plain message.
 */
export function decodeCalendarBytes(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) {
    throw new AppError(
      'import-invalid',
      'This is a binary file, not an iCalendar (.ics) file: an .ics file is plain text starting with BEGIN:VCALENDAR.',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
