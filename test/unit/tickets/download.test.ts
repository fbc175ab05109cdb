import { describe, expect, it } from 'vitest';
import { contentTypeOf, displayNameOf } from '../../../electron/core/tickets/download';
import { formatBytes } from '../../../electron/core/tickets/actions';

describe('attachment names and types', () => {
  it('drops the server’s prefix and hash from stored names', () => {
    const hash = '0123456789abcdef0123456789abcdef01234567';
    expect(displayNameOf(`t196568_${hash}_hello_world.txt`)).toBe('hello_world.txt');
    expect(displayNameOf(`a_${hash}_diagram.png`)).toBe('diagram.png');
    expect(displayNameOf(`${hash}_import.csv`)).toBe('import.csv');
    expect(displayNameOf('plain-name.pdf')).toBe('plain-name.pdf');
    expect(displayNameOf(`t1_${hash}_`)).toBe(`t1_${hash}_`);
  });

  it('decides the content type from the extension, not the server’s three-letter guess', () => {
    expect(contentTypeOf('photo.JPEG')).toBe('image/jpeg');
    expect(contentTypeOf('anim.gif')).toBe('image/gif');
    expect(contentTypeOf('report.pdf')).toBe('application/pdf');
    expect(contentTypeOf('notes.txt')).toBe('text/plain');
    expect(contentTypeOf('archive.tar')).toBe('application/x-tar');
    expect(contentTypeOf('no-extension')).toBe('application/octet-stream');
    expect(contentTypeOf('program.exe')).toBe('application/octet-stream');
  });

  it('formats sizes for sentences', () => {
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1024 * 1024)).toBe('1 MB');
    expect(formatBytes(2.5 * 1024 * 1024)).toBe('2.5 MB');
  });
});
