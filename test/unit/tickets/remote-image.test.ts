import { describe, expect, it } from 'vitest';
import { imageSourcesOf, sniffImageType } from '../../../electron/core/tickets/remote-image';
import { GIF_START, JPEG_START, SVG_IMAGE, WEBP_START, pngImage } from '../../support/images';

describe('image sources of stored HTML', () => {
  it('finds quoted, single-quoted and bare sources, decoded and normalised like URL.href', () => {
    const html =
      '<p><img src="https://a.test/1.png" alt="x"><IMG alt=\'y\' SRC=\'https://a.test/2.png?a=1&amp;b=2\'>' +
      '<img src=https://a.test/3.png><img src = " HTTPS://A.TEST/4%20four.png "><img src="http&#58;//a.test/&#x35;.png"></p>';
    expect([...imageSourcesOf(html)]).toEqual([
      'https://a.test/1.png',
      'https://a.test/2.png?a=1&b=2',
      'https://a.test/3.png',
      'https://a.test/4%20four.png',
      'http://a.test/5.png',
    ]);
  });

  it('leaves out what is not a web address, and what is only a link or text', () => {
    const html = '<img src="data:image/png;base64,AAAA"><img src="/relative.png"><img src="javascript:alert(1)"><a href="https://a.test/l.png">https://a.test/t.png</a>';
    expect([...imageSourcesOf(html)]).toEqual([]);
  });
});

describe('image types by their bytes', () => {
  it('knows PNG, JPEG, GIF and WebP, and nothing else', () => {
    expect(sniffImageType(pngImage(1, 1))).toBe('image/png');
    expect(sniffImageType(JPEG_START)).toBe('image/jpeg');
    expect(sniffImageType(GIF_START)).toBe('image/gif');
    expect(sniffImageType(WEBP_START)).toBe('image/webp');
    expect(sniffImageType(SVG_IMAGE)).toBeNull();
    expect(sniffImageType(Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt '))).toBeNull();
    expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e]))).toBeNull();
  });
});
