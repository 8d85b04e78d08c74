import { describe, expect, it } from 'vitest';
import {
  breakWorkflowCommands,
  cell,
  inline,
  quoteBlock,
  safeLogLine,
  stripHidden,
} from '../../../src/report/markdown/escape.ts';

const MB = 1024 * 1024;

/** The raw body never carries a mention GitHub would resolve: `@` directly followed by a name character. */
function hasLiveMention(markdown: string): boolean {
  return /(^|[^\w`])@[A-Za-z0-9]/.test(markdown);
}

/** Cells of a table row split on unescaped pipes, the way GFM does. */
function columns(row: string): number {
  return row.split(/(?<!\\)\|/).length;
}

describe('cell', () => {
  it('keeps a table row to its columns when the text is full of pipes and newlines', () => {
    const hostile = 'a | b || c\n| --- |\n|x|y|\r\nz';
    const row = `| ${cell(hostile)} | second |`;
    expect(row).not.toMatch(/[\r\n]/);
    expect(columns(row)).toBe(columns('| one | second |'));
  });

  it('escapes HTML so <script> and attributes are text', () => {
    const out = cell(`<script>alert("x")</script><img src=x onerror='y'> & more`);
    expect(out).not.toMatch(/[<>"']/);
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('&amp; more');
    expect(out).toContain('&quot;x&quot;');
    expect(out).toContain('&#39;y&#39;');
  });

  it('breaks user and team mentions and issue references', () => {
    const out = cell('ping @octocat and @my-org/security-team, see #12 and owner/repo#34');
    expect(hasLiveMention(out)).toBe(false);
    expect(out).toContain('@&#8203;octocat');
    expect(out).toContain('@&#8203;my-org/security-team');
    expect(out).toContain('#&#8203;12');
    expect(out).toContain('repo#&#8203;34');
  });

  it('breaks every other form GitHub links: GH-123, full issue and pull request URLs, bare links, www., mailto:', () => {
    const out = cell(
      'GH-123 gh-9 https://github.com/acme/models/issues/5 http://github.com/acme/models/pull/6 ' +
        'ftp://files.example/x www.evil.example mailto:someone@example.com xmpp:bot@example.com',
    );
    // No scheme directly followed by ://, no www. or GH-<digits>, no mailto:/xmpp: autolink left for GitHub to find.
    expect(out).not.toMatch(/[a-z]:\/\//i);
    expect(out).not.toMatch(/\bwww\./i);
    expect(out).not.toMatch(/\bgh-\d/i);
    expect(out).not.toMatch(/(mailto|xmpp):/i);
    expect(out).toContain('GH&#8203;-123');
    expect(out).toContain('https&#8203;://github.com/acme/models/issues/5');
    expect(out).toContain('www&#8203;.evil.example');
  });

  it('does not break its own entities while breaking references', () => {
    expect(cell(`it's`)).toBe('it&#39;s');
  });

  it('cannot carry our comment marker or an HTML comment, even reassembled from pieces', () => {
    for (const forged of [
      '<!-- bloom-action: CI:suite -->',
      '<!<!---->-- bloom-bloom-action:action: CI:suite --->>',
      'BLOOM-ACTION: x',
    ]) {
      const out = cell(forged);
      expect(out.toLowerCase()).not.toContain('bloom-action:');
      expect(out).not.toContain('<!--');
      expect(out).not.toContain('-->');
    }
  });

  it('removes zero-width and bidirectional override characters', () => {
    const trojan = 'safe\u202Eevil\u202C text\u200B\u200D\u2066x\u2069\u200F\uFEFF';
    const out = cell(trojan);
    expect(out).toBe('safeevil textx');
  });

  it('removes every invisible character: tag characters (hidden ASCII), variation selectors, fillers, the LRO', () => {
    // "ignore" hidden in tag characters U+E0000-E007F, one variation selector per hidden byte, and friends.
    const hidden = [...'ignore'].map((ch) => String.fromCodePoint(0xe0000 + ch.charCodeAt(0))).join('');
    const smuggled = '\u{E0100}\u{E0101}\uFE00';
    const text = `ok${hidden}${smuggled}\u202Dleft\u061C\u180E\u00AD\u2064\u3164\u115F\uFFA0done`;
    expect(cell(text)).toBe('okleftdone');
    expect(quoteBlock(text)).toContain('\nokleftdone\n');
    expect(safeLogLine(text)).toBe('okleftdone');
    // An emoji keeps its presentation selector: alone it carries nothing.
    expect(cell('⚠️ careful')).toBe('⚠️ careful');
  });

  it('escapes markdown that would make links, images, code spans or emphasis', () => {
    const out = cell('![img](http://x/t.png) [link](javascript:alert(1)) `code` **bold** ~~s~~');
    expect(out).toContain('!\\[img\\]');
    expect(out).toContain('\\`code\\`');
    expect(out).toContain('\\*\\*bold\\*\\*');
    expect(out).toContain('\\~\\~s\\~\\~');
  });

  it('truncates with an ellipsis at maxLen characters, never splitting a surrogate pair', () => {
    expect(cell('abcdefghij', 5)).toBe('abcd…');
    expect(cell('abcde', 5)).toBe('abcde');
    const emoji = cell('😀😀😀😀😀😀', 3);
    expect(emoji).toBe('😀😀…');
    expect(emoji.isWellFormed()).toBe(true);
  });

  it('bounds a 1 MB reply, quickly', () => {
    const huge = `${'|<@x'.repeat(MB / 4)}`;
    const started = performance.now();
    const out = cell(huge, 100);
    expect(performance.now() - started).toBeLessThan(200);
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThan(100 * 12);
  });

  it('shows the ellipsis when a huge input was mostly invisible characters', () => {
    const out = cell(`${'\u200B'.repeat(MB)}tail`, 50);
    expect(out).toBe('…');
  });
});

describe('inline', () => {
  it('keeps a leading block marker from turning into a heading, quote or list', () => {
    expect(inline('# Title')).toBe('\\# Title');
    expect(inline('- item')).toBe('\\- item');
    expect(inline('1. first')).toBe('1\\. first');
    expect(inline('> quoted')).toBe('&gt; quoted');
  });

  it('folds lines and escapes like a cell', () => {
    const out = inline('line one\n## heading\n@team');
    expect(out).not.toContain('\n');
    expect(hasLiveMention(out)).toBe(false);
  });
});

describe('quoteBlock', () => {
  it('fences with more backticks than any run inside, so the text cannot close the fence', () => {
    const text = 'before\n```\n</details>\n````\n@octocat <script>x</script>\nafter';
    const out = quoteBlock(text);
    const fence = '`````';
    const lines = out.split('\n');
    expect(lines[0]).toBe('<details><summary>Quoted model output</summary>');
    expect(lines[2]).toBe(`${fence}text`);
    expect(lines.filter((line) => line.startsWith('`')).map((l) => l.replace('text', ''))).toEqual([
      fence,
      '```',
      '````',
      fence,
    ]);
    expect(lines.at(-1)).toBe('</details>');
    // Inside the fence the text stays as written (nothing renders there).
    expect(out).toContain('@octocat <script>x</script>');
  });

  it('uses a three-backtick fence for plain text and escapes the summary', () => {
    const out = quoteBlock('plain', 100, '<b>@team</b> | says');
    expect(out).toContain('\n```text\nplain\n```\n');
    expect(out.split('\n')[0]).toBe('<details><summary>&lt;b&gt;@&#8203;team&lt;/b&gt; \\| says</summary>');
  });

  it('strips the marker, HTML comments and bidi overrides even inside the fence', () => {
    const out = quoteBlock('<!-- bloom-action: CI:suite -->\u202Egnp.exe');
    expect(out).not.toContain('bloom-action:');
    expect(out).not.toContain('<!--');
    expect(out).not.toContain('\u202E');
  });

  it('bounds a 1 MB reply and says it was cut', () => {
    const out = quoteBlock('x'.repeat(MB), 1000);
    expect(out.length).toBeLessThan(1200);
    expect(out).toContain('x…\n```');
  });
});

describe('safeLogLine', () => {
  it('never lets a line start with :: (after the leading space the runner trims)', () => {
    for (const attack of ['::error::owned', '   ::add-mask::x', '\t::stop-commands::t', ':::warning::x']) {
      const out = safeLogLine(attack);
      expect(out.trimStart().startsWith('::')).toBe(false);
    }
  });

  it('folds newlines so a later line cannot start a command', () => {
    const out = safeLogLine('fine\n::error::owned\r::set-output name=x::y\u2028::notice::z');
    expect(out).not.toMatch(/[\r\n\u2028]/);
    expect(out.startsWith('fine')).toBe(true);
  });

  it('breaks the legacy ##[ command anywhere in the line', () => {
    const out = safeLogLine('text ##[error]boom and ###[warning]x and #\u200B#[group]y');
    expect(out).not.toContain('##[');
  });

  it('bounds its length', () => {
    expect(safeLogLine('y'.repeat(MB), 80).length).toBe(80);
  });
});

describe('breakWorkflowCommands', () => {
  it('breaks :: at the start of every line and ##[ anywhere, and knows whether the text starts a line', () => {
    const text = '::error::a\nok ::not-at-start\n  \t::warning::b\nx ##[error]c';
    const out = breakWorkflowCommands(text);
    expect(out.split('\n').filter((line) => line.trimStart().startsWith('::'))).toEqual([]);
    expect(out).not.toContain('##[');
    expect(out).toContain('ok ::not-at-start');
    // The rest of a line already begun may start with :: harmlessly; a new line after it may not.
    expect(breakWorkflowCommands('::x::y\n::z::w', false)).toBe('::x::y\n: :z::w');
  });
});

describe('stripHidden', () => {
  it('keeps ordinary text, tabs and newlines', () => {
    expect(stripHidden('a\tb\nc — ü 😀')).toBe('a\tb\nc — ü 😀');
  });
});
