/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// One rollout: the judge's verdict and highlights, the target's system prompt and tools, then the combined
// view's messages. A highlight scrolls to its message (by id, else by finding the quote) and marks the quote.
// Browser code: see dom.ts on what it may reference.

import type { BehaviorView, Highlight, MessageView, RolloutDetail, RolloutRow } from '../types.ts';
import type { Dom } from './dom.ts';
import type { Mark } from './mark.ts';

export function transcriptModule(dom: Dom, mark: Mark) {
  /** A block of message text whose quote can be marked. */
  interface Segment {
    messageId: string;
    element: HTMLElement;
    text: string;
    /** The <details> to open when the quote is inside collapsed reasoning. */
    details: HTMLDetailsElement | null;
    /** The "show all" button of a text shown cut short. */
    expand: HTMLElement | null;
  }

  // Browsers take seconds to lay out a 200 KB line; longer texts show their start until asked for more.
  const SHOWN_CHARS = 20_000;

  const SPEAKER_LABELS: Record<string, string> = {
    'evaluator:system': 'Evaluator · system prompt',
    'evaluator:user': 'Evaluator · instructions',
    'evaluator:assistant': 'Evaluator (as the user)',
    'target:system': 'Target · system prompt',
    'target:user': 'User',
    'target:assistant': 'Target',
  };

  function speakerLabel(message: MessageView): string {
    if (message.speaker === 'tool') return 'Tool result (simulated by the evaluator)';
    return SPEAKER_LABELS[`${message.speaker}:${message.role}`] ?? `${message.speaker} · ${message.role}`;
  }

  function textBlock(text: string, className = 'text'): HTMLElement {
    return dom.el('div', { class: className, text });
  }

  /** A message's text block, cut short when long, recorded as a segment highlights can mark. */
  function segment(
    messageId: string,
    text: string,
    className: string,
    details: HTMLDetailsElement | null,
    segments: Segment[],
  ): HTMLElement {
    const body = textBlock(text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text, className);
    let expand: HTMLElement | null = null;
    if (text.length > SHOWN_CHARS) {
      const button = dom.el('button', { class: 'link', text: `show all ${text.length} characters` });
      button.addEventListener('click', () => {
        body.textContent = text;
        button.remove();
      });
      expand = button;
    }
    segments.push({ messageId, element: body, text, details, expand });
    return dom.el('div', {}, [body, expand]);
  }

  function messageElement(message: MessageView, segments: Segment[]): HTMLElement {
    const card = dom.el('article', {
      class: `message ${message.speaker} role-${message.role}`,
      attrs: { 'data-message-id': message.id },
    });
    card.append(dom.el('header', { text: speakerLabel(message) }));
    for (const reasoning of message.reasoning) {
      const details = dom.el('details', { class: 'reasoning' }, [dom.el('summary', { text: 'reasoning' })]);
      details.append(segment(message.id, reasoning, 'text reasoning', details, segments));
      card.append(details);
    }
    if (message.text) {
      // Long evaluator prompts are context, not conversation: collapsed like reasoning.
      if (message.role === 'system' || (message.speaker === 'evaluator' && message.role === 'user')) {
        const details = dom.el('details', {}, [
          dom.el('summary', { text: `${message.text.length} characters` }),
        ]);
        details.append(segment(message.id, message.text, 'text', details, segments));
        card.append(details);
      } else {
        card.append(segment(message.id, message.text, 'text', null, segments));
      }
    }
    for (const call of message.toolCalls) {
      card.append(
        dom.el('div', { class: 'tool-call' }, [
          dom.el('div', { class: 'tool-name', text: `tool call: ${call.name}` }),
          textBlock(call.arguments, 'text code'),
        ]),
      );
    }
    return card;
  }

  function scoresElement(scores: Record<string, number | null>): HTMLElement {
    return dom.el(
      'div',
      { class: 'scores' },
      Object.entries(scores).map(([key, value]) =>
        dom.el('span', { class: `chip ${dom.band(value)}` }, [
          dom.label(key),
          ' ',
          dom.el('b', { text: dom.score(value) }),
        ]),
      ),
    );
  }

  function section(title: string, children: (Node | string)[], className = ''): HTMLElement {
    return dom.el('section', { class: `panel ${className}` }, [dom.el('h3', { text: title }), ...children]);
  }

  /** Marks the quote in its message and scrolls there; returns false when it cannot be found. */
  function showHighlight(
    highlight: Highlight,
    segments: Segment[],
    cards: Map<string, HTMLElement>,
    state: { restore: (() => void) | null },
  ): boolean {
    state.restore?.();
    state.restore = null;
    const byId = highlight.message_id ? segments.filter((s) => s.messageId === highlight.message_id) : [];
    // The quoted message first; exact matches before loose ones.
    const passes: [Segment[], boolean][] = [
      [byId, false],
      [byId, true],
      [segments, false],
      [segments, true],
    ];
    for (const [candidates, loose] of passes) {
      for (const found of candidates) {
        const range = mark.findQuote(found.text, highlight.quoted_text, loose);
        if (!range) continue;
        if (found.details) found.details.open = true;
        found.expand?.remove();
        const marked = mark.renderMarked(found.element, found.text, range);
        state.restore = () => {
          found.element.textContent = found.text;
        };
        const card = cards.get(found.messageId);
        card?.classList.add('flash');
        setTimeout(() => card?.classList.remove('flash'), 1200);
        marked.scrollIntoView({ block: 'center' });
        return true;
      }
    }
    const card = highlight.message_id ? cards.get(highlight.message_id) : undefined;
    card?.scrollIntoView({ block: 'center' });
    return false;
  }

  /** Previous and next in the list's order (as filtered and sorted), and where this one stands in it. */
  interface Neighbours {
    previous: string | null;
    next: string | null;
    /** 1-based; 0 when this rollout is not in the list as filtered. */
    position: number;
    total: number;
    open: (key: string) => void;
  }

  function navigation(nav: Neighbours): HTMLElement {
    const step = (which: 'previous' | 'next', label: string) => {
      const key = nav[which];
      const button = dom.el('button', { text: label, attrs: { 'data-nav': which } });
      button.disabled = key === null;
      if (key !== null) {
        button.title = key;
        button.addEventListener('click', () => nav.open(key));
      }
      return button;
    };
    const where =
      nav.position > 0 ? `${nav.position} of ${nav.total}` : `not in the filtered list of ${nav.total}`;
    return dom.el('nav', { class: 'steps' }, [
      step('previous', '← previous'),
      dom.el('span', { class: 'muted', text: where }),
      step('next', 'next →'),
    ]);
  }

  function renderTranscript(
    container: HTMLElement,
    behavior: BehaviorView,
    row: RolloutRow,
    detail: RolloutDetail,
    nav: Neighbours,
  ): void {
    dom.clear(container);
    container.append(navigation(nav));
    const segments: Segment[] = [];
    const cards = new Map<string, HTMLElement>();
    const markState: { restore: (() => void) | null } = { restore: null };
    const transcript = detail.transcript;
    const judge = detail.judge;

    container.append(
      dom.el('h2', { text: `${behavior.name} · variation ${row.variation}, repetition ${row.repetition}` }),
      dom.el('p', { class: 'meta' }, [
        dom.el('span', { class: `status ${row.status}`, text: row.status }),
        ` dimension: ${row.dimension}`,
        transcript ? ` · target: ${transcript.targetModel} · evaluator: ${transcript.auditorModel}` : '',
      ]),
      row.error ? dom.el('p', { class: 'error', text: row.error }) : '',
      section('Scenario', [textBlock(row.description)]),
    );

    const notice = dom.el('p', { class: 'notice' });
    if (judge) {
      const list = dom.el('ol', { class: 'highlights' });
      for (const highlight of judge.highlights) {
        const button = dom.el(
          'button',
          { class: 'highlight', attrs: { 'data-highlight': String(highlight.index) } },
          [
            dom.el('span', { class: 'highlight-description', text: highlight.description }),
            dom.el('q', { text: highlight.quoted_text }),
          ],
        );
        button.addEventListener('click', () => {
          const found = transcript ? showHighlight(highlight, segments, cards, markState) : false;
          notice.textContent = found
            ? ''
            : transcript
              ? 'The quote was not found in the transcript.'
              : 'This rollout has no transcript file in the results folder.';
        });
        list.append(dom.el('li', {}, [button]));
      }
      container.append(
        section(
          'Judge',
          [
            scoresElement(judge.scores),
            dom.el('h4', { text: 'Summary' }),
            textBlock(judge.summary),
            dom.el('h4', { text: 'Justification' }),
            textBlock(judge.justification),
            judge.highlights.length ? dom.el('h4', { text: 'Highlights' }) : '',
            list,
            notice,
          ],
          'judge',
        ),
      );
    }

    if (!transcript) {
      container.append(
        dom.el('p', {
          class: 'notice',
          text: 'No transcript file for this rollout (Python Bloom keeps only some).',
        }),
      );
      return;
    }
    const tools = transcript.targetTools.map((t) =>
      dom.el('li', {}, [dom.el('b', { text: t.name }), ` ${t.description}`]),
    );
    container.append(
      section('Target system prompt', [
        textBlock(transcript.targetSystemPrompt),
        tools.length ? dom.el('h4', { text: 'Target tools' }) : '',
        tools.length ? dom.el('ul', {}, tools) : '',
      ]),
    );
    const conversation = dom.el('section', { class: 'conversation' }, [
      dom.el('h3', { text: 'Transcript (combined view)' }),
    ]);
    for (const message of transcript.messages) {
      const card = messageElement(message, segments);
      cards.set(message.id, card);
      conversation.append(card);
    }
    container.append(conversation);
  }

  return { renderTranscript };
}
